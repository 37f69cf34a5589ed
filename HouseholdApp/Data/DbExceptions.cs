using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HouseholdApp.Data;

public static class DbExceptions
{
    /// <summary>True when the database refused a write because of a unique index (SQLSTATE 23505).</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string? constraintName = null) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
        && (constraintName is null || pg.ConstraintName == constraintName);

    public static bool IsUniqueViolation(this PostgresException exception, string? constraintName = null) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation
        && (constraintName is null || exception.ConstraintName == constraintName);
}
