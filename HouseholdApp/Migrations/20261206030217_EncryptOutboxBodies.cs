using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HouseholdApp.Migrations
{
    /// <summary>
    /// Queued bodies become encrypted. SQL cannot reach the Data Protection key ring, so the plaintext parts are kept
    /// as legacy columns here and encrypted by the app at start-up (OutboxDelivery.ProtectLegacyBodiesAsync); the
    /// bodies of messages already sent or given up are erased right here.
    /// </summary>
    public partial class EncryptOutboxBodies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(name: "text_body", table: "email_outbox", newName: "legacy_text_body");
            migrationBuilder.RenameColumn(name: "html_body", table: "email_outbox", newName: "legacy_html_body");
            migrationBuilder.AlterColumn<string>(name: "legacy_text_body", table: "email_outbox", type: "text", nullable: true,
                oldClrType: typeof(string), oldType: "text");
            migrationBuilder.AlterColumn<string>(name: "legacy_html_body", table: "email_outbox", type: "text", nullable: true,
                oldClrType: typeof(string), oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "body",
                table: "email_outbox",
                type: "text",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE email_outbox SET legacy_text_body = NULL, legacy_html_body = NULL
                WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_email_outbox_done_without_body",
                table: "email_outbox",
                sql: "(sent_at IS NULL AND failed_at IS NULL) OR (body IS NULL AND legacy_text_body IS NULL AND legacy_html_body IS NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Encrypted bodies cannot go back to plaintext here: messages still waiting lose their body.
            migrationBuilder.DropCheckConstraint(
                name: "ck_email_outbox_done_without_body",
                table: "email_outbox");

            migrationBuilder.DropColumn(
                name: "body",
                table: "email_outbox");

            migrationBuilder.Sql("UPDATE email_outbox SET legacy_text_body = coalesce(legacy_text_body, ''), legacy_html_body = coalesce(legacy_html_body, '');");
            migrationBuilder.AlterColumn<string>(name: "legacy_text_body", table: "email_outbox", type: "text", nullable: false,
                oldClrType: typeof(string), oldType: "text", oldNullable: true);
            migrationBuilder.AlterColumn<string>(name: "legacy_html_body", table: "email_outbox", type: "text", nullable: false,
                oldClrType: typeof(string), oldType: "text", oldNullable: true);
            migrationBuilder.RenameColumn(name: "legacy_text_body", table: "email_outbox", newName: "text_body");
            migrationBuilder.RenameColumn(name: "legacy_html_body", table: "email_outbox", newName: "html_body");
        }
    }
}
