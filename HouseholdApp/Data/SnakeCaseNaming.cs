using System.Text;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Data;

/// <summary>PostgreSQL convention: lower-case snake_case names, so hand-written SQL needs no quoting.</summary>
internal static class SnakeCaseNaming
{
    public static void UseSnakeCaseNames(this ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            // A type stored as JSON inside its owner's column (Identity's passkey data) has no table, keys or columns
            // of its own.
            if (entity.IsMappedToJson())
            {
                if (entity.GetContainerColumnName() is { } column)
                {
                    entity.SetContainerColumnName(ToSnakeCase(column));
                }

                continue;
            }

            var table = entity.GetTableName();
            if (table is not null)
            {
                entity.SetTableName(
                    ToSnakeCase(table.StartsWith("AspNet", StringComparison.Ordinal) ? table["AspNet".Length..] : table)
                );
            }

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName()!.Replace("AspNet", "", StringComparison.Ordinal)));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(
                    ToSnakeCase(foreignKey.GetConstraintName()!.Replace("AspNet", "", StringComparison.Ordinal))
                );
            }

            foreach (var index in entity.GetIndexes())
            {
                var name = index.GetDatabaseName()!;
                if (name == "UserNameIndex")
                {
                    name = ConstraintNames.UserNameUnique;
                }

                index.SetDatabaseName(ToSnakeCase(name.Replace("AspNet", "", StringComparison.Ordinal)));
            }
        }
    }

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (
                    i > 0
                    && name[i - 1] != '_'
                    && (previousIsLowerOrDigit || (nextIsLower && char.IsUpper(name[i - 1])))
                )
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
