using HouseholdApp.Common;
using HouseholdApp.Features.Memberships;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// Every sentence the invite feature says to people: API problems, the landing page and its dead ends, the owners'
/// list and dialog, the rate-limit page. A sentence with a value the page marks up (bold, isolated) comes in parts, its
/// lead and tail (<c>…Lead</c>, <c>…Tail</c>), each a text of its own; the page puts the spaces between them.
/// </summary>
public sealed class InviteTexts(IStringLocalizer<InviteTexts> localizer) : Texts(localizer)
{
    // API problems (and the page's field errors).
    public string AskForNewLink => Get(nameof(AskForNewLink));

    public string Malformed => Get(nameof(Malformed));

    public string Invalid => Get(nameof(Invalid));

    public string Expired => Get(nameof(Expired));

    public string Used => Get(nameof(Used));

    public string Revoked => Get(nameof(Revoked));

    public string AlreadyMember => Get(nameof(AlreadyMember));

    public string WrongAccount => Get(nameof(WrongAccount));

    public string BindNeedsEmail => Get(nameof(BindNeedsEmail));

    public string InvalidEmail => Get(nameof(InvalidEmail));

    public string MailOff => Get(nameof(MailOff));

    public string EmailTaken => Get(nameof(EmailTaken));

    public string InviteNotFound => Get(nameof(InviteNotFound));

    public string InvalidExpiry => Get(nameof(InvalidExpiry));

    public string InvalidRole => Get(nameof(InvalidRole));

    public string RoleNotAllowed => Get(nameof(RoleNotAllowed));

    public string ChoosePassword => Get(nameof(ChoosePassword));

    public string PasswordsDiffer => Get(nameof(PasswordsDiffer));

    public string FieldsNeedAttention => Get(nameof(FieldsNeedAttention));

    public string LinkNoLongerUsable => Get(nameof(LinkNoLongerUsable));

    public string PasskeyNeedsEmail => Get(nameof(PasskeyNeedsEmail));

    public string InvalidMaxUses(int limit) => Format(nameof(InvalidMaxUses), limit);

    public string TooManyInvites(int limit) => Plural(nameof(TooManyInvites), limit);

    public string PasskeyNotVerified(string reason) => Format(nameof(PasskeyNotVerified), reason);

    /// <summary>What the API says about a link in <paramref name="state"/> (its code and status: <see
    /// cref="InviteStates.Describe"/>).</summary>
    public string Problem(InviteState state) =>
        state switch
        {
            InviteState.Expired => Expired,
            InviteState.Used => Used,
            InviteState.Revoked => Revoked,
            InviteState.AlreadyMember => AlreadyMember,
            InviteState.Invalid => Invalid,
            InviteState.Malformed => Malformed,
            InviteState.WrongAccount or InviteState.SignInRequired => WrongAccount,
            InviteState.Valid => throw new ArgumentException("A usable invite is not an error.", nameof(state)),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };

    // Roles, as the invite pages name them.
    public string RoleName(HouseholdRole role) =>
        role switch
        {
            HouseholdRole.Owner => Get("RoleOwner"),
            HouseholdRole.Member => Get("RoleMember"),
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
        };

    // The owners' list.
    public string ListPending => Get(nameof(ListPending));

    public string ListUsedUp => Get(nameof(ListUsedUp));

    public string ListExpired => Get(nameof(ListExpired));

    public string ListRevoked => Get(nameof(ListRevoked));

    /// <summary>The owners' list's name for a state (<see cref="InviteStates.Describe"/> has its wire name).</summary>
    public string ListLabel(InviteState state) =>
        state switch
        {
            InviteState.Valid => ListPending,
            InviteState.Used => ListUsedUp,
            InviteState.Expired => ListExpired,
            InviteState.Revoked => ListRevoked,
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a state of the owners' list."),
        };

    /// <summary>Why a link was revoked, to follow "Revoked: " or "Revoked — ".</summary>
    public string RevokedBecause(InviteRevokedReason reason) =>
        reason switch
        {
            InviteRevokedReason.RevokedByOwner => Get("RevokedBecauseOwner"),
            InviteRevokedReason.CreatorLeft => Get("RevokedBecauseCreatorLeft"),
            InviteRevokedReason.CreatorRemoved => Get("RevokedBecauseCreatorRemoved"),
            InviteRevokedReason.CreatorDemoted => Get("RevokedBecauseCreatorDemoted"),
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
        };

    public string RevokedWhy(string reason) => Format(nameof(RevokedWhy), reason);

    public string RevokedBy(string name) => Format(nameof(RevokedBy), name);

    public string AnOwner => Get(nameof(AnOwner));

    public string StatusWithReason(string status, string reason) => Format(nameof(StatusWithReason), status, reason);

    public string UsesOf(int useCount, int maxUses) => Format(nameof(UsesOf), useCount, maxUses);

    public string UsesHidden => Get(nameof(UsesHidden));

    /// <summary>After the "1 of 5" of the list, with its space.</summary>
    public string UsesUsedTail => Get(nameof(UsesUsedTail));

    public string QuoteLead => Get(nameof(QuoteLead));

    public string QuoteTail => Get(nameof(QuoteTail));

    /// <summary>Before the role.</summary>
    public string JoinsAs => Get(nameof(JoinsAs));

    /// <summary>Before the creator's name and the "2 hours ago".</summary>
    public string CreatedBy => Get(nameof(CreatedBy));

    /// <summary>Before the "2 hours ago".</summary>
    public string JoinedAgo => Get(nameof(JoinedAgo));

    public string WhoJoined => Get(nameof(WhoJoined));

    public string Revoke => Get(nameof(Revoke));

    public string RevokeLabelled(string label) => Format(nameof(RevokeLabelled), label);

    public string RevokeUnlabelled(string createdBy, string expiry) =>
        Format(nameof(RevokeUnlabelled), createdBy, expiry);

    // Moments and spans, relative to now.
    public string ExpiresIn(string duration) => Format(nameof(ExpiresIn), duration);

    public string ExpiredAgo(string ago) => Format(nameof(ExpiredAgo), ago);

    public string RevokedAgo(string ago) => Format(nameof(RevokedAgo), ago);

    public string JustNow => Get(nameof(JustNow));

    public string LessThanAMinute => Get(nameof(LessThanAMinute));

    public string MinutesAgo(int minutes) => Plural(nameof(MinutesAgo), minutes);

    public string HoursAgo(int hours) => Plural(nameof(HoursAgo), hours);

    public string DaysAgo(int days) => Plural(nameof(DaysAgo), days);

    // The owners' panel.
    public string InviteLinks => Get(nameof(InviteLinks));

    public string CreateInvite => Get(nameof(CreateInvite));

    public string PanelIntro => Get(nameof(PanelIntro));

    public string NoPending => Get(nameof(NoPending));

    public string History(int count) => Format(nameof(History), count);

    public string ClearHistory => Get(nameof(ClearHistory));

    public string RevokeTitle => Get(nameof(RevokeTitle));

    public string TheLink => Get(nameof(TheLink));

    /// <summary>"The link for up to 5 people (0 of 5 used, joins as Member)".</summary>
    public string TheLinkFor(int maxUses, string uses, HouseholdRole role) =>
        Plural(nameof(TheLinkFor), maxUses, uses, RoleName(role));

    public string RevokeBody(string which) => Format(nameof(RevokeBody), which);

    public string YesRevoke => Get(nameof(YesRevoke));

    public string LinkRevoked => Get(nameof(LinkRevoked));

    public string ClearTitle => Get(nameof(ClearTitle));

    public string ClearBody(int count) => Plural(nameof(ClearBody), count);

    public string LinksCleared(int count) => Plural(nameof(LinksCleared), count);

    // The dialog that creates a link.
    public string CreateTitle => Get(nameof(CreateTitle));

    public string YourInviteLink => Get(nameof(YourInviteLink));

    public string DialogIntro => Get(nameof(DialogIntro));

    public string LinkWorksFor => Get(nameof(LinkWorksFor));

    public string UsesLabel => Get(nameof(UsesLabel));

    public string UsesHelp(int limit) => Format(nameof(UsesHelp), limit);

    public string WholeNumber(int limit) => Format(nameof(WholeNumber), limit);

    public string LabelLabel => Get(nameof(LabelLabel));

    public string LabelHelp(int maxLength) => Format(nameof(LabelHelp), maxLength);

    public string JoinsAsLabel => Get(nameof(JoinsAsLabel));

    public string RoleHelp => Get(nameof(RoleHelp));

    public string SendByEmailOptional => Get(nameof(SendByEmailOptional));

    public string EmailHelp => Get(nameof(EmailHelp));

    public string BindLabel => Get(nameof(BindLabel));

    public string LinkCreated => Get(nameof(LinkCreated));

    public string MailedTo(string address) => Format(nameof(MailedTo), address);

    public string MailedBound => Get(nameof(MailedBound));

    public string InviteLinkLabel => Get(nameof(InviteLinkLabel));

    public string OpensHost(string host) => Format(nameof(OpensHost), host);

    public string CopyLink => Get(nameof(CopyLink));

    public string ShareTitle(string household) => Format(nameof(ShareTitle), household);

    public string ShareText(string household) => Format(nameof(ShareText), household);

    public string Copied => Get(nameof(Copied));

    public string CopyBlocked => Get(nameof(CopyBlocked));

    /// <summary>"Works for 7 days (until …), for up to 3 people, who join as Owner."</summary>
    public string LinkSummary(int maxUses, string lifetime, string until, HouseholdRole role) =>
        Plural(nameof(LinkSummary), maxUses, lifetime, until, RoleName(role));

    public string SendLinkByEmail => Get(nameof(SendLinkByEmail));

    public string Send => Get(nameof(Send));

    public string SentToLead => Get(nameof(SentToLead));

    public string SentToTail => Get(nameof(SentToTail));

    public string QrAlt => Get(nameof(QrAlt));

    public string QrCaption => Get(nameof(QrCaption));

    public string Cancel => Get(nameof(Cancel));

    public string CreateLink => Get(nameof(CreateLink));

    public string Done => Get(nameof(Done));

    // The landing page.
    public string Kicker => Get(nameof(Kicker));

    public string InvitedByLabel => Get(nameof(InvitedByLabel));

    public string RoleLabel => Get(nameof(RoleLabel));

    public string LinkLabel => Get(nameof(LinkLabel));

    public string RoleDescription(HouseholdRole role) =>
        role switch
        {
            HouseholdRole.Owner => Get("RoleDescriptionOwner"),
            HouseholdRole.Member => Get("RoleDescriptionMember"),
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
        };

    public string PageTitle(InviteState state, string? householdName) =>
        state switch
        {
            InviteState.Valid or InviteState.SignInRequired => householdName is null
                ? Get("PageTitleJoinAHousehold")
                : Format("PageTitleJoin", householdName),
            InviteState.AlreadyMember => householdName ?? Get("PageTitleHousehold"),
            InviteState.Expired => Get("PageTitleExpired"),
            InviteState.Used => Get("PageTitleUsed"),
            InviteState.Revoked => Get("PageTitleRevoked"),
            InviteState.WrongAccount => Get("PageTitleWrongAccount"),
            InviteState.Invalid or InviteState.Malformed => Get("PageTitleInvalid"),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };

    /// <summary>What a page that cannot let the person in says: its heading, what happened, and what to do
    /// next.</summary>
    public (string Title, string Explanation, string NextStep) DeadEnd(InviteState state, bool signedIn) =>
        state switch
        {
            InviteState.Expired => (Get("DeadEndExpiredTitle"), Get("DeadEndExpiredExplanation"), AskForNewLink),
            InviteState.Used => (Get("DeadEndUsedTitle"), Get("DeadEndUsedExplanation"), Get("DeadEndUsedNextStep")),
            InviteState.Revoked => (Get("DeadEndRevokedTitle"), Get("DeadEndRevokedExplanation"), AskForNewLink),
            InviteState.Invalid or InviteState.Malformed => (
                Get("DeadEndInvalidTitle"),
                Get("DeadEndInvalidExplanation"),
                Get("DeadEndInvalidNextStep")
            ),
            InviteState.WrongAccount => (
                Get("DeadEndWrongAccountTitle"),
                Get("DeadEndWrongAccountExplanation"),
                signedIn ? Get("DeadEndWrongAccountNextStepSignedIn") : Get("DeadEndWrongAccountNextStep")
            ),
            InviteState.SignInRequired => (
                Get("DeadEndSignInRequiredTitle"),
                Get("DeadEndSignInRequiredExplanation"),
                Get("DeadEndSignInRequiredNextStep")
            ),
            InviteState.Valid or InviteState.AlreadyMember => throw new ArgumentOutOfRangeException(
                nameof(state),
                state,
                "A usable link is not a dead end."
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };

    /// <summary>Before the household; <see cref="OriginFrom"/> before the inviter.</summary>
    public string OriginLead => Get(nameof(OriginLead));

    public string OriginFrom => Get(nameof(OriginFrom));

    public string SignIn => Get(nameof(SignIn));

    public string CreateAnAccount => Get(nameof(CreateAnAccount));

    public string SwitchAccount => Get(nameof(SwitchAccount));

    public string GoToYourHouseholds => Get(nameof(GoToYourHouseholds));

    public string GoHome => Get(nameof(GoHome));

    /// <summary>Before the household.</summary>
    public string AlreadyIn => Get(nameof(AlreadyIn));

    public string AlreadyMemberBody => Get(nameof(AlreadyMemberBody));

    /// <summary>Before the household.</summary>
    public string GoToHousehold => Get(nameof(GoToHousehold));

    public string AllYourHouseholds => Get(nameof(AllYourHouseholds));

    public string JoinHeading => Get(nameof(JoinHeading));

    public string SignedInAsLead => Get(nameof(SignedInAsLead));

    public string SignedInAsTail => Get(nameof(SignedInAsTail));

    public string JoinHouseholdLead => Get(nameof(JoinHouseholdLead));

    /// <summary>After the household, with its own space (English has none).</summary>
    public string JoinHouseholdTail => Get(nameof(JoinHouseholdTail));

    public string NotYou => Get(nameof(NotYou));

    public string SignUpHeading => Get(nameof(SignUpHeading));

    public string SignUpIntro => Get(nameof(SignUpIntro));

    public string FixFields => Get(nameof(FixFields));

    public string EmailLabel => Get(nameof(EmailLabel));

    public string SignInWithThatAccount => Get(nameof(SignInWithThatAccount));

    public string DisplayNameLabel => Get(nameof(DisplayNameLabel));

    public string DisplayNameHelp => Get(nameof(DisplayNameHelp));

    public string PasswordLabel => Get(nameof(PasswordLabel));

    public string PasswordHelp => Get(nameof(PasswordHelp));

    public string ConfirmPasswordLabel => Get(nameof(ConfirmPasswordLabel));

    public string SignUpSubmit => Get(nameof(SignUpSubmit));

    public string OrWithoutPassword => Get(nameof(OrWithoutPassword));

    public string PasskeySignUp => Get(nameof(PasskeySignUp));

    public string OrElsewhere => Get(nameof(OrElsewhere));

    /// <summary>Before the sign-in link (<see cref="SignInLink"/>); the tail follows it, with its own space.</summary>
    public string AlreadyHaveAccountLead => Get(nameof(AlreadyHaveAccountLead));

    public string AlreadyHaveAccountTail => Get(nameof(AlreadyHaveAccountTail));

    public string SignInLink => Get(nameof(SignInLink));

    public string WelcomeToLead => Get(nameof(WelcomeToLead));

    public string WelcomeToTail => Get(nameof(WelcomeToTail));

    public string WelcomeJoined => Get(nameof(WelcomeJoined));

    // The page shown while requests from one network are paused.
    public string RateLimitedPageTitle => Get(nameof(RateLimitedPageTitle));

    public string RateLimitedTitle => Get(nameof(RateLimitedTitle));

    public string RateLimitedInvite => Get(nameof(RateLimitedInvite));

    public string RateLimitedAccount => Get(nameof(RateLimitedAccount));

    public string WaitThenOpenLink(string wait) => Format(nameof(WaitThenOpenLink), wait);

    public string WaitThenRetry(string wait) => Format(nameof(WaitThenRetry), wait);
}
