using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HouseholdApp.Migrations
{
    /// <inheritdoc />
    public partial class AccountDeletion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_invites_users_created_by_user_id",
                table: "invites");

            migrationBuilder.AlterColumn<string>(
                name: "created_by_user_id",
                table: "invites",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "sender_user_id",
                table: "email_outbox",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_email_outbox_sender_user_id",
                table: "email_outbox",
                column: "sender_user_id");

            migrationBuilder.AddForeignKey(
                name: "fk_email_outbox_users_sender_user_id",
                table: "email_outbox",
                column: "sender_user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_invites_users_created_by_user_id",
                table: "invites",
                column: "created_by_user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_email_outbox_users_sender_user_id",
                table: "email_outbox");

            migrationBuilder.DropForeignKey(
                name: "fk_invites_users_created_by_user_id",
                table: "invites");

            migrationBuilder.DropIndex(
                name: "ix_email_outbox_sender_user_id",
                table: "email_outbox");

            migrationBuilder.DropColumn(
                name: "sender_user_id",
                table: "email_outbox");

            migrationBuilder.AlterColumn<string>(
                name: "created_by_user_id",
                table: "invites",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AddForeignKey(
                name: "fk_invites_users_created_by_user_id",
                table: "invites",
                column: "created_by_user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
