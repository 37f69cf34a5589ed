#:property PublishAot=false
// Extracts Blazor's client script (_framework/blazor.web.js) from the resources embedded in
// Microsoft.AspNetCore.Components.Endpoints.dll, because the package that normally ships it is
// not available from this project's package source. Usage: extract-blazor-script.cs DLL OUTFILE
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: extract-blazor-script DLL OUTFILE");
    return 2;
}

const string resourceSuffix = "blazor.web.js";
using var stream = File.OpenRead(args[0]);
using var pe = new PEReader(stream);
var metadata = pe.GetMetadataReader();
var resourcesDirectory = pe.PEHeaders.CorHeader!.ResourcesDirectory;

foreach (var handle in metadata.ManifestResources)
{
    var resource = metadata.GetManifestResource(handle);
    var name = metadata.GetString(resource.Name);
    if (!resource.Implementation.IsNil || !name.EndsWith(resourceSuffix, StringComparison.Ordinal))
    {
        continue;
    }

    var section = pe.GetSectionData(resourcesDirectory.RelativeVirtualAddress);
    var reader = section.GetReader((int)resource.Offset, section.Length - (int)resource.Offset);
    var length = reader.ReadInt32();
    var bytes = reader.ReadBytes(length);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
    File.WriteAllBytes(args[1], bytes);
    Console.WriteLine($"extracted {name} ({bytes.Length} bytes) to {args[1]}");
    return 0;
}

Console.Error.WriteLine($"no embedded resource ending in {resourceSuffix} in {args[0]}");
return 1;
