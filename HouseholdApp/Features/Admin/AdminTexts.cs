using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Features.Admin;

/// <summary>The instance's administration page.</summary>
public sealed class AdminTexts(IStringLocalizer<AdminTexts> localizer) : Texts(localizer)
{
    public string Administration => Get(nameof(Administration));

    public string Title(string page) => Format(nameof(Title), page);

    public string NewAccounts => Get(nameof(NewAccounts));

    public string WhoMayCreate => Get(nameof(WhoMayCreate));

    public string RegistrationOpen => Get(nameof(RegistrationOpen));

    public string RegistrationInviteOnly => Get(nameof(RegistrationInviteOnly));

    public string Save => Get(nameof(Save));

    public string Accounts => Get(nameof(Accounts));

    public string DeleteForGood => Get(nameof(DeleteForGood));

    /// <summary><paramref name="formerMember"/> is how activity names a person whose account is gone.</summary>
    public string DeleteConsequences(string formerMember) => Format(nameof(DeleteConsequences), formerMember);

    public string Cancel => Get(nameof(Cancel));

    public string DeleteAccount => Get(nameof(DeleteAccount));

    public string SearchLabel => Get(nameof(SearchLabel));

    public string Search => Get(nameof(Search));

    public string AccountCount(int count) => Plural(nameof(AccountCount), count);

    public string FirstOf(int shown, string all) => Format(nameof(FirstOf), shown, all);

    public string Locked => Get(nameof(Locked));

    public string Administrator => Get(nameof(Administrator));

    public string Created => Get(nameof(Created));

    public string NotRecorded => Get(nameof(NotRecorded));

    public string LastSignIn => Get(nameof(LastSignIn));

    public string Never => Get(nameof(Never));

    public string Households => Get(nameof(Households));

    public string None => Get(nameof(None));

    public string Unlock => Get(nameof(Unlock));

    public string UnlockLabel(string email) => Format(nameof(UnlockLabel), email);

    public string Lock => Get(nameof(Lock));

    public string LockLabel(string email) => Format(nameof(LockLabel), email);

    public string Delete => Get(nameof(Delete));

    public string DeleteLabel(string email) => Format(nameof(DeleteLabel), email);

    public string ChooseWhoMay => Get(nameof(ChooseWhoMay));

    public string NowOpen => Get(nameof(NowOpen));

    public string NowInviteOnly => Get(nameof(NowInviteOnly));

    public string UnknownAction => Get(nameof(UnknownAction));

    public string AdministratorNotLocked => Get(nameof(AdministratorNotLocked));

    public string AdministratorNotDeleted => Get(nameof(AdministratorNotDeleted));

    public string AccountLocked(string email) => Format(nameof(AccountLocked), email);

    public string AccountUnlocked(string email) => Format(nameof(AccountUnlocked), email);

    public string AccountDeleted(string email) => Format(nameof(AccountDeleted), email);

    public string AccountSoleOwner(string email, string households) =>
        Format(nameof(AccountSoleOwner), email, households);

    public string AccountGone => Get(nameof(AccountGone));

    public string AccountChanged => Get(nameof(AccountChanged));
}
