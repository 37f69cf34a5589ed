using HouseholdApp.Common;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Features.Households;

/// <summary>
/// Households, their members and their history, and the home page. A sentence with <c>{0}</c> that a page shows
/// with markup around the value (a name in bold) is a template for <c>TextFragments.Compose</c>; the others are
/// formatted here.
/// </summary>
public sealed class HouseholdTexts(IStringLocalizer<HouseholdTexts> localizer) : Texts(localizer)
{
    // The home page.
    public string HomeTitle => Get(nameof(HomeTitle));

    public string HomeLead => Get(nameof(HomeLead));

    public string CreateAnAccount => Get(nameof(CreateAnAccount));

    public string SignIn => Get(nameof(SignIn));

    public string FeatureLinksTitle => Get(nameof(FeatureLinksTitle));

    public string FeatureLinksText => Get(nameof(FeatureLinksText));

    public string FeatureRolesTitle => Get(nameof(FeatureRolesTitle));

    public string FeatureRolesText => Get(nameof(FeatureRolesText));

    public string FeatureHostingTitle => Get(nameof(FeatureHostingTitle));

    public string FeatureHostingText => Get(nameof(FeatureHostingText));

    public string YourHouseholds => Get(nameof(YourHouseholds));

    public string NewHousehold => Get(nameof(NewHousehold));

    // The list of households and creating one.
    public string HouseholdsPageTitle => Get(nameof(HouseholdsPageTitle));

    public string NoHouseholds => Get(nameof(NoHouseholds));

    public string NoHouseholdsCreateBelow => Get(nameof(NoHouseholdsCreateBelow));

    public string NoHouseholdsCreateFirst => Get(nameof(NoHouseholdsCreateFirst));

    public string CreateAHousehold => Get(nameof(CreateAHousehold));

    public string CreateHint => Get(nameof(CreateHint));

    public string Name => Get(nameof(Name));

    public string NamePlaceholder => Get(nameof(NamePlaceholder));

    public string CreateHousehold => Get(nameof(CreateHousehold));

    public string MemberCount(int count) => Plural(nameof(MemberCount), count);

    /// <summary>Template: the household's name is <c>{0}</c>.</summary>
    public string YouLeft => Get(nameof(YouLeft));

    /// <summary>Template: the household's name is <c>{0}</c>.</summary>
    public string YouDeleted => Get(nameof(YouDeleted));

    // One household's page.
    public string HouseholdDeletedTitle => Get(nameof(HouseholdDeletedTitle));

    public string WasDeleted(string name) => Format(nameof(WasDeleted), name);

    public string DeletedByOwner => Get(nameof(DeletedByOwner));

    public string NotAMemberTitle => Get(nameof(NotAMemberTitle));

    public string NoLongerMember => Get(nameof(NoLongerMember));

    public string NoLongerMemberReason => Get(nameof(NoLongerMemberReason));

    public string HouseholdNotFoundHeading => Get(nameof(HouseholdNotFoundHeading));

    public string HouseholdNotFoundMessage => Get(nameof(HouseholdNotFoundMessage));

    public string Breadcrumb => Get(nameof(Breadcrumb));

    public string Households => Get(nameof(Households));

    public string Members => Get(nameof(Members));

    public string LastOwnerCannotLeave => Get(nameof(LastOwnerCannotLeave));

    public string LastMemberCannotLeave => Get(nameof(LastMemberCannotLeave));

    public string MakeOwnerTitle => Get(nameof(MakeOwnerTitle));

    /// <summary>Template: the member's name is <c>{0}</c>.</summary>
    public string MakeOwnerQuestion => Get(nameof(MakeOwnerQuestion));

    public string MakeOwner => Get(nameof(MakeOwner));

    public string NowOwner(string name) => Format(nameof(NowOwner), name);

    public string BecomeMemberTitle => Get(nameof(BecomeMemberTitle));

    /// <summary>Template: the household's name is <c>{0}</c>.</summary>
    public string BecomeMemberQuestion => Get(nameof(BecomeMemberQuestion));

    public string BecomeMember => Get(nameof(BecomeMember));

    public string YouAreNowMember => Get(nameof(YouAreNowMember));

    public string MakeMemberTitle => Get(nameof(MakeMemberTitle));

    /// <summary>Template: the member's name is <c>{0}</c>.</summary>
    public string MakeMemberQuestion => Get(nameof(MakeMemberQuestion));

    public string MakeMember => Get(nameof(MakeMember));

    public string NowMember(string name) => Format(nameof(NowMember), name);

    public string RemoveTitle => Get(nameof(RemoveTitle));

    /// <summary>Template: the member's name is <c>{0}</c>.</summary>
    public string RemoveQuestion => Get(nameof(RemoveQuestion));

    public string Remove => Get(nameof(Remove));

    public string WasRemoved(string name) => Format(nameof(WasRemoved), name);

    public string TransferTitle => Get(nameof(TransferTitle));

    /// <summary>Template: the member's name is <c>{0}</c>.</summary>
    public string TransferQuestion => Get(nameof(TransferQuestion));

    public string TransferOwnership => Get(nameof(TransferOwnership));

    public string Transferred(string name) => Format(nameof(Transferred), name);

    public string LeaveTitle => Get(nameof(LeaveTitle));

    /// <summary>Template: the household's name is <c>{0}</c>.</summary>
    public string LeaveQuestion => Get(nameof(LeaveQuestion));

    public string LeaveHousehold => Get(nameof(LeaveHousehold));

    public string RenameHousehold => Get(nameof(RenameHousehold));

    public string Renamed(string name) => Format(nameof(Renamed), name);

    public string DeleteHouseholdTitle => Get(nameof(DeleteHouseholdTitle));

    public string DeleteHousehold => Get(nameof(DeleteHousehold));

    // Settings, renaming and deleting.
    public string SettingsHeading => Get(nameof(SettingsHeading));

    public string SettingsHint => Get(nameof(SettingsHint));

    public string Rename => Get(nameof(Rename));

    public string RenameHelp(int max) => Format(nameof(RenameHelp), max);

    public string SaveName => Get(nameof(SaveName));

    /// <summary>Template: the household's name is <c>{0}</c>.</summary>
    public string DeleteWarning => Get(nameof(DeleteWarning));

    public string DeleteConfirmLabel => Get(nameof(DeleteConfirmLabel));

    public string DeleteConfirmHelp(string name) => Format(nameof(DeleteConfirmHelp), name);

    // Members.
    public string Role(HouseholdRole role) =>
        role switch
        {
            HouseholdRole.Owner => Get("RoleOwner"),
            HouseholdRole.Member => Get("RoleMember"),
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
        };

    public string You => Get(nameof(You));

    /// <summary>Template: the date is <c>{0}</c>.</summary>
    public string Joined => Get(nameof(Joined));

    /// <summary>Template: the date is <c>{0}</c>, the name of whoever made the link <c>{1}</c>.</summary>
    public string JoinedThroughLinkFrom => Get(nameof(JoinedThroughLinkFrom));

    public string MakeOwnerLabel(string name) => Format(nameof(MakeOwnerLabel), name);

    public string MakeMemberLabel(string name) => Format(nameof(MakeMemberLabel), name);

    public string TransferLabel(string name) => Format(nameof(TransferLabel), name);

    public string RemoveLabel(string name) => Format(nameof(RemoveLabel), name);

    public string LastOwnerHint => Get(nameof(LastOwnerHint));

    public string LeaveHeading => Get(nameof(LeaveHeading));

    /// <summary>Template: the household's name is <c>{0}</c>.</summary>
    public string LeaveHint => Get(nameof(LeaveHint));

    public string YourLinksRevoked(int count) => Plural(nameof(YourLinksRevoked), count);

    public string YourOwnerLinksRevoked(int count) => Plural(nameof(YourOwnerLinksRevoked), count);

    public string TheirLinksRevoked(int count, string name) => Plural(nameof(TheirLinksRevoked), count, name);

    public string TheirOwnerLinksRevoked(int count, string name) => Plural(nameof(TheirOwnerLinksRevoked), count, name);

    // What the services answer.
    public Error HouseholdNotFound => Error.NotFound("household_not_found", Get(nameof(HouseholdNotFound)));

    public string HouseholdNameRequired => Get(nameof(HouseholdNameRequired));

    public Error MemberNotFound => Error.NotFound("member_not_found", Get(nameof(MemberNotFound)));

    public Error InvalidRole => Error.Validation("invalid_role", Get(nameof(InvalidRole)), "role");

    public Error TransferToSelf => Error.Validation("invalid_transfer", Get(nameof(TransferToSelf)), "userId");

    public Error NameTheNewOwner => Error.Validation("invalid_user_id", Get(nameof(NameTheNewOwner)), "userId");

    public string LastOwnerCannotRemoveSelf => Get(nameof(LastOwnerCannotRemoveSelf));

    public string LastOwnerCannotStepDown => Get(nameof(LastOwnerCannotStepDown));

    public string LastOwnerCannotLeaveIt => Get(nameof(LastOwnerCannotLeaveIt));

    public string LastMemberCannotLeaveIt => Get(nameof(LastMemberCannotLeaveIt));

    // The history.
    public string ActivityHeading => Get(nameof(ActivityHeading));

    public string ActivityHint(int days) => Plural(nameof(ActivityHint), days);

    public string NoActivity => Get(nameof(NoActivity));

    public string ShowMore(int count) => Format(nameof(ShowMore), count);

    /// <summary>How a person whose account was deleted appears: activity keeps no name of theirs.</summary>
    public string FormerMember => Get(nameof(FormerMember));

    /// <summary><see cref="FormerMember"/> at the start of a sentence.</summary>
    public string AFormerMember => Get(nameof(AFormerMember));

    public string ActivityJoined(string actor) => Format(nameof(ActivityJoined), actor);

    public string ActivityJoinedThroughLink(string actor) => Format(nameof(ActivityJoinedThroughLink), actor);

    public string ActivityJoinedThroughNamedLink(string actor, string label) =>
        Format(nameof(ActivityJoinedThroughNamedLink), actor, label);

    public string ActivityLeft(string actor) => Format(nameof(ActivityLeft), actor);

    public string ActivityRemoved(string actor, string subject) => Format(nameof(ActivityRemoved), actor, subject);

    public string ActivityBecameOwner(string actor) => Format(nameof(ActivityBecameOwner), actor);

    public string ActivitySteppedDown(string actor) => Format(nameof(ActivitySteppedDown), actor);

    public string ActivityMadeOwner(string actor, string subject) => Format(nameof(ActivityMadeOwner), actor, subject);

    public string ActivityMadeMember(string actor, string subject) =>
        Format(nameof(ActivityMadeMember), actor, subject);

    public string ActivityCreatedLink(string actor) => Format(nameof(ActivityCreatedLink), actor);

    public string ActivityCreatedNamedLink(string actor, string label) =>
        Format(nameof(ActivityCreatedNamedLink), actor, label);

    public string ActivityCreatedOwnerLink(string actor) => Format(nameof(ActivityCreatedOwnerLink), actor);

    public string ActivityCreatedNamedOwnerLink(string actor, string label) =>
        Format(nameof(ActivityCreatedNamedOwnerLink), actor, label);

    public string ActivityRevokedLink(string actor) => Format(nameof(ActivityRevokedLink), actor);

    public string ActivityRevokedNamedLink(string actor, string label) =>
        Format(nameof(ActivityRevokedNamedLink), actor, label);

    /// <summary>A link revoked by a change of its creator's membership, not by an owner's hand.</summary>
    public string ActivityLinkRevoked(InviteRevokedReason reason, string? label) =>
        (reason, label) switch
        {
            (InviteRevokedReason.CreatorLeft, null) => Get("LinkRevokedCreatorLeft"),
            (InviteRevokedReason.CreatorLeft, _) => Format("NamedLinkRevokedCreatorLeft", label),
            (InviteRevokedReason.CreatorRemoved, null) => Get("LinkRevokedCreatorRemoved"),
            (InviteRevokedReason.CreatorRemoved, _) => Format("NamedLinkRevokedCreatorRemoved", label),
            (InviteRevokedReason.CreatorDemoted, null) => Get("LinkRevokedCreatorDemoted"),
            (InviteRevokedReason.CreatorDemoted, _) => Format("NamedLinkRevokedCreatorDemoted", label),
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
        };
}
