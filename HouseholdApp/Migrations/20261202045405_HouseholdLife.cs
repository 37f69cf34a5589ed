using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HouseholdApp.Migrations
{
    /// <inheritdoc />
    public partial class HouseholdLife : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_invite_redemptions_invite_user",
                table: "invite_redemptions");

            migrationBuilder.AddColumn<string>(
                name: "display_name",
                table: "users",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            // Every account gets a display name: one chosen at sign-up, or else the part of its e-mail address before
            // '@'. The database fills it in as the account is inserted, so no way of creating accounts can miss it.
            migrationBuilder.Sql("""
                CREATE FUNCTION default_display_name(email text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
                    SELECT coalesce(nullif(btrim(left(btrim(regexp_replace(split_part(coalesce(email, ''), '@', 1), '[[:cntrl:]]', '', 'g')), 50)), ''), 'Member')
                $$;

                CREATE FUNCTION users_fill_display_name() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.display_name IS NULL OR btrim(NEW.display_name) = '' THEN
                        NEW.display_name := default_display_name(NEW.email);
                    END IF;
                    RETURN NEW;
                END
                $$;

                CREATE TRIGGER tr_users_fill_display_name BEFORE INSERT ON users
                    FOR EACH ROW EXECUTE FUNCTION users_fill_display_name();

                UPDATE users SET display_name = default_display_name(email);
                """);

            migrationBuilder.AddColumn<string>(
                name: "label",
                table: "invites",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "revoked_reason",
                table: "invites",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "household_activity",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_user_id = table.Column<string>(type: "text", nullable: true),
                    subject_user_id = table.Column<string>(type: "text", nullable: true),
                    invite_id = table.Column<Guid>(type: "uuid", nullable: true),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    revoked_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_household_activity", x => x.id);
                    table.CheckConstraint("ck_household_activity_kind", "kind IN ('Joined', 'Left', 'Removed', 'RoleChanged', 'LinkCreated', 'LinkRevoked')");
                    table.CheckConstraint("ck_household_activity_revoked_reason", "(kind = 'LinkRevoked') = (revoked_reason IS NOT NULL)");
                    table.CheckConstraint("ck_household_activity_role", "role IS NULL OR role IN ('Owner', 'Member')");
                    table.ForeignKey(
                        name: "fk_household_activity_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_household_activity_invites_invite_id",
                        column: x => x.invite_id,
                        principalTable: "invites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_household_activity_users_actor_user_id",
                        column: x => x.actor_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_household_activity_users_subject_user_id",
                        column: x => x.subject_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            // Links revoked before reasons were recorded: an owner's doing is the likeliest.
            migrationBuilder.Sql("UPDATE invites SET revoked_reason = 'RevokedByOwner' WHERE revoked_at IS NOT NULL;");

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_display_name",
                table: "users",
                sql: "char_length(display_name) BETWEEN 1 AND 50 AND display_name = btrim(display_name) AND display_name !~ '[[:cntrl:]]'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_invites_label",
                table: "invites",
                sql: "label IS NULL OR (char_length(label) BETWEEN 1 AND 50 AND label = btrim(label))");

            migrationBuilder.AddCheckConstraint(
                name: "ck_invites_revoked_reason",
                table: "invites",
                sql: "(revoked_at IS NULL) = (revoked_reason IS NULL) AND (revoked_reason IS NULL OR revoked_reason IN ('RevokedByOwner', 'CreatorLeft', 'CreatorRemoved', 'CreatorDemoted'))");

            migrationBuilder.CreateIndex(
                name: "ix_invite_redemptions_invite_id",
                table: "invite_redemptions",
                column: "invite_id");

            migrationBuilder.CreateIndex(
                name: "ix_household_activity_actor_user_id",
                table: "household_activity",
                column: "actor_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_household_activity_household_id_occurred_at",
                table: "household_activity",
                columns: new[] { "household_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_household_activity_invite_id",
                table: "household_activity",
                column: "invite_id");

            migrationBuilder.CreateIndex(
                name: "ix_household_activity_subject_user_id",
                table: "household_activity",
                column: "subject_user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_users_fill_display_name ON users;
                DROP FUNCTION users_fill_display_name();
                DROP FUNCTION default_display_name(text);
                """);

            migrationBuilder.DropTable(
                name: "household_activity");

            migrationBuilder.DropCheckConstraint(
                name: "ck_users_display_name",
                table: "users");

            migrationBuilder.DropCheckConstraint(
                name: "ck_invites_label",
                table: "invites");

            migrationBuilder.DropCheckConstraint(
                name: "ck_invites_revoked_reason",
                table: "invites");

            migrationBuilder.DropIndex(
                name: "ix_invite_redemptions_invite_id",
                table: "invite_redemptions");

            migrationBuilder.DropColumn(
                name: "display_name",
                table: "users");

            migrationBuilder.DropColumn(
                name: "label",
                table: "invites");

            migrationBuilder.DropColumn(
                name: "revoked_reason",
                table: "invites");

            migrationBuilder.CreateIndex(
                name: "ux_invite_redemptions_invite_user",
                table: "invite_redemptions",
                columns: new[] { "invite_id", "user_id" },
                unique: true);
        }
    }
}
