using HouseholdApp.Tests.Deployment;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Code;

/// <summary>
/// The source stays easy to read: C# as CSharpier formats it (a local tool: <c>dotnet csharpier format .</c>), and no
/// line of C# or Razor wider than 120 columns. EF Core's generated migrations are left as generated.
/// </summary>
public sealed class SourceLayoutTests
{
    private const int Columns = 120;

    [Fact]
    public async Task CSharp_IsFormattedByCSharpier()
    {
        var (exitCode, output, errors) = await Scripts.RunAsync(
            "dotnet",
            ["csharpier", "check", "."],
            workingDirectory: Paths.RepositoryRoot
        );

        exitCode.ShouldBe(0, $"run `dotnet csharpier format .` at the repository's root:\n{output}{errors}");
    }

    [Fact]
    public void NoLineOfCSharpOrRazor_IsWiderThan120Columns()
    {
        string[] folders = ["HouseholdApp", "HouseholdApp.Tests", "bench"];
        var wide = folders
            .SelectMany(folder =>
                Directory.EnumerateFiles(Path.Combine(Paths.RepositoryRoot, folder), "*", SearchOption.AllDirectories)
            )
            .Where(path =>
                path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal)
            )
            .Select(path => Path.GetRelativePath(Paths.RepositoryRoot, path))
            .Where(path =>
                !path.Split(Path.DirectorySeparatorChar)
                    .Any(part => part is "bin" or "obj" or "node_modules" or "Migrations")
            )
            .SelectMany(path =>
                File.ReadLines(Path.Combine(Paths.RepositoryRoot, path))
                    .Select((line, index) => (Line: line, Number: index + 1))
                    .Where(l => l.Line.Length > Columns)
                    .Select(l => $"{path}:{l.Number} ({l.Line.Length} columns)")
            )
            .ToList();

        wide.ShouldBeEmpty();
    }
}
