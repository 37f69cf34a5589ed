using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// Every sentence the invite feature says to people (API problems, the landing page, the owners' list), in one
/// place so that translation can move them into resources as they are.
/// </summary>
public static class InviteTexts
{
    public const string AskForNewLink = "Ask someone in the household to send you a new link.";

    // API problems (and the page's field errors).
    public const string Malformed = "This invite link is not valid. Check that you copied the whole link, or ask for a new one.";
    public const string Invalid = "This invite link is not valid. " + AskForNewLink;
    public const string Expired = "This invite link has expired. " + AskForNewLink;
    public const string Used = "This invite link has already been used. " + AskForNewLink;
    public const string Revoked = "This invite link was revoked by the household. " + AskForNewLink;
    public const string AlreadyMember = "You are already a member of this household.";
    public const string WrongAccount = "This invite link is for another e-mail address. Sign in with the account whose "
        + "confirmed address received it; nothing was used up.";
    public const string BindNeedsEmail = "Enter the address the link is for, or do not bind it to one.";
    public const string InvalidEmail = "Enter a valid e-mail address.";
    public const string MailOff = "This server does not send e-mail, so the link cannot be mailed. Share it yourself.";
    public const string EmailTaken = "An account with this email address already exists. Sign in instead, then join with this link.";
    public const string InviteNotFound = "There is no such invite in this household.";
    public const string InvalidExpiry = "Choose how long the link works: 1h, 1d, 7d or 30d.";
    public const string InvalidRole = "The role must be Member or Owner.";
    public const string RoleNotAllowed = "An invite cannot grant a role above your own.";
    public const string ChoosePassword = "Choose a password.";
    public const string PasswordsDiffer = "The two passwords don't match. Type the same password twice.";
    public const string LinkNoLongerUsable = "This link can no longer be used. Reload the page to see why.";
    public const string PasskeyNeedsEmail = "Enter a valid email address first: your passkey is saved under it.";

    public static string InvalidMaxUses(int limit) => $"A link can be used between 1 and {limit} times.";

    public static string TooManyInvites(int limit) =>
        $"This household already has {limit} active invites. Revoke one you no longer need, then try again.";

    public static string PasskeyNotVerified(string reason) =>
        $"The passkey could not be verified ({reason}). Try again, or choose a password.";

    // The owners' list.
    public const string ListPending = "Pending";
    public const string ListUsedUp = "Used up";
    public const string ListExpired = "Expired";
    public const string ListRevoked = "Revoked";

    public static string RevokedReason(InviteRevokedReason reason) => reason switch
    {
        InviteRevokedReason.RevokedByOwner => "revoked by an owner",
        InviteRevokedReason.CreatorLeft => "its creator left the household",
        InviteRevokedReason.CreatorRemoved => "its creator was removed from the household",
        InviteRevokedReason.CreatorDemoted => "its creator is no longer an owner",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    // The landing page.
    public const string Kicker = "You're invited to join";
    public const string InvitedByLabel = "Invited by";
    public const string RoleLabel = "Your role";
    public const string LinkLabel = "Link";

    public static string RoleDescription(HouseholdRole role) => role switch
    {
        HouseholdRole.Owner => "you'll see the household and manage its invites and members",
        HouseholdRole.Member => "you'll see the household and who belongs to it",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static string PageTitle(InviteState state, string? householdName) => state switch
    {
        InviteState.Valid or InviteState.SignInRequired => householdName is null ? "Join a household" : $"Join {householdName}",
        InviteState.AlreadyMember => householdName ?? "Household",
        InviteState.Expired => "Invite expired",
        InviteState.Used => "Invite already used",
        InviteState.Revoked => "Invite revoked",
        InviteState.WrongAccount => "Invite for another address",
        InviteState.Invalid or InviteState.Malformed => "Invite link not valid",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>What a page that cannot let the person in says: its heading, what happened, and what to do next.</summary>
    public static (string Title, string Explanation, string NextStep) DeadEnd(InviteState state, bool signedIn) => state switch
    {
        InviteState.Expired => ("This invite link has expired",
            "Invite links only work for a limited time, and this one has run out.", AskForNewLink),
        InviteState.Used => ("This invite link has already been used",
            "Each link can only be used a set number of times, and this one has none left.",
            "If you joined with it earlier, sign in to see your household. Otherwise, ask someone in the household to send you a new link."),
        InviteState.Revoked => ("This invite link was revoked",
            "Someone in the household revoked this link, so it no longer works.", AskForNewLink),
        InviteState.Invalid or InviteState.Malformed => ("This invite link doesn't work",
            "We couldn't find an invite for this link. It may be incomplete or mistyped.",
            "Open the link again from the message you received, making sure you copied all of it. If it still doesn't work, "
            + "ask someone in the household to send you a new link."),
        InviteState.WrongAccount => ("This invite link is for another e-mail address",
            "The household sent this link to one e-mail address, and only an account with that address, confirmed, can use it. Nothing was used up.",
            signedIn
                ? "Sign out and sign in with the account that has that address, or confirm the address of your account first (Your account, E-mail)."
                : "Sign in with the account that has that address."),
        InviteState.SignInRequired => ("Sign in to accept this invite",
            "This link was sent to one e-mail address, and only an account with that address, confirmed, can use it. Nothing is used up until you join.",
            "Sign in with that address and you'll come back here to join. No account yet? Create one with that address, "
            + "confirm it from the message we send, and you'll come back here."),
        InviteState.Valid or InviteState.AlreadyMember =>
            throw new ArgumentOutOfRangeException(nameof(state), state, "A usable link is not a dead end."),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public const string OriginPrefix = "Invite to ";
    public const string OriginFrom = " from ";
}
