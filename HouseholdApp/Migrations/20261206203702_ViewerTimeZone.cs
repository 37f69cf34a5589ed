using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HouseholdApp.Migrations
{
    /// <inheritdoc />
    public partial class ViewerTimeZone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "time_zone",
                table: "users",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "time_zone_chosen",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_time_zone_chosen",
                table: "users",
                sql: "NOT time_zone_chosen OR time_zone IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_users_time_zone_chosen",
                table: "users");

            migrationBuilder.DropColumn(
                name: "time_zone",
                table: "users");

            migrationBuilder.DropColumn(
                name: "time_zone_chosen",
                table: "users");
        }
    }
}
