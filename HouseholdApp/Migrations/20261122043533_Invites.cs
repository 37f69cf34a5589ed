using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HouseholdApp.Migrations
{
    /// <inheritdoc />
    public partial class Invites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "invites",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_by_user_id = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    max_uses = table.Column<int>(type: "integer", nullable: false),
                    use_count = table.Column<int>(type: "integer", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_by_user_id = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invites", x => x.id);
                    table.CheckConstraint("ck_invites_expiry", "expires_at > created_at AND expires_at <= created_at + interval '30 days'");
                    table.CheckConstraint("ck_invites_max_uses", "max_uses BETWEEN 1 AND 100");
                    table.CheckConstraint("ck_invites_role", "role IN ('Owner', 'Member')");
                    table.CheckConstraint("ck_invites_token_hash_length", "octet_length(token_hash) = 32");
                    table.CheckConstraint("ck_invites_use_count", "use_count >= 0 AND use_count <= max_uses");
                    table.ForeignKey(
                        name: "fk_invites_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_invites_users_created_by_user_id",
                        column: x => x.created_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_invites_users_revoked_by_user_id",
                        column: x => x.revoked_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "invite_redemptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    invite_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    redeemed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invite_redemptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_invite_redemptions_invites_invite_id",
                        column: x => x.invite_id,
                        principalTable: "invites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_invite_redemptions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_invite_redemptions_user_id",
                table: "invite_redemptions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ux_invite_redemptions_invite_user",
                table: "invite_redemptions",
                columns: new[] { "invite_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invites_created_by_user_id",
                table: "invites",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_invites_household_id",
                table: "invites",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_invites_revoked_by_user_id",
                table: "invites",
                column: "revoked_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ux_invites_token_hash",
                table: "invites",
                column: "token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invite_redemptions");

            migrationBuilder.DropTable(
                name: "invites");
        }
    }
}
