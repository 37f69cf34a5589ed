using Bunit;
using HouseholdApp.Components.Account.Pages;
using HouseholdApp.Components.Layout;
using HouseholdApp.Components.Pages;
using HouseholdApp.Components.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Tests.Components;

public sealed class ShellComponentTests
{
    [Fact]
    public async Task Header_SignedOut_OffersSignInAndSignUp_BehindAPhoneMenu()
    {
        await using var ctx = ComponentTestContext.Create();
        ctx.AddAuthorization();

        var cut = ctx.Render<AppHeader>();

        cut.Find("a.app-brand").GetAttribute("href").ShouldBe("/");
        cut.Find("[data-test=nav-signin]").GetAttribute("href").ShouldBe("Account/Login");
        cut.Find("[data-test=nav-register]").Text().ShouldBe("Create account");
        cut.FindAll("[data-test=sign-out]").ShouldBeEmpty();
        var toggle = cut.Find("input#app-menu-toggle");
        toggle.GetAttribute("type").ShouldBe("checkbox");
        cut.Find("label[for=app-menu-toggle]").Text().ShouldBe("Menu");
        cut.Find("a.skip-link").GetAttribute("href").ShouldBe("#main");
    }

    [Fact]
    public async Task Header_SignedIn_ShowsHouseholdsTheUserAndSignOut()
    {
        await using var ctx = ComponentTestContext.Create();
        ctx.AddAuthorization().SetAuthorized("ada@example.org");

        var cut = ctx.Render<AppHeader>();

        cut.Find("[data-test=nav-households]").GetAttribute("href").ShouldBe("households");
        cut.Find("[data-test=nav-user]").Text().ShouldBe("ada@example.org");
        var signOut = cut.Find("[data-test=sign-out]");
        signOut.GetAttribute("type").ShouldBe("submit");
        signOut.Closest("form")!.GetAttribute("action").ShouldBe("Account/Logout");
        cut.FindAll("[data-test=nav-signin]").ShouldBeEmpty();
        cut.FindAll("#app-menu-toggle").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Header_OnInvitePages_SignedOut_HasNoLinksAndNoMenu()
    {
        await using var ctx = ComponentTestContext.Create();
        ctx.AddAuthorization();

        var cut = ctx.Render<AppHeader>(p => p.Add(x => x.ShowSignedOutLinks, false));

        cut.FindAll("[data-test=nav-signin]").ShouldBeEmpty();
        cut.FindAll("#app-menu-toggle").ShouldBeEmpty();
        cut.FindAll("[data-test=theme-toggle]").Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(ThemeMode.System)]
    [InlineData(ThemeMode.Light)]
    [InlineData(ThemeMode.Dark)]
    public async Task ThemeMenu_OffersSystemLightAndDark_WithTheCurrentChoicePressed(ThemeMode mode)
    {
        await using var ctx = ComponentTestContext.Create(mode);
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>()
            .NavigateTo("/Account/Login?x=1");

        var cut = ctx.Render<ThemeToggle>();

        var form = cut.Find("details form");
        form.GetAttribute("method").ShouldBe("post");
        form.GetAttribute("action").ShouldBe(ThemePreference.TogglePath);
        form.GetAttribute("data-theme-mode").ShouldBe(mode.ToString().ToLowerInvariant());
        form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value").ShouldBe("/Account/Login?x=1");
        var buttons = cut.FindAll("button[name=mode]");
        buttons.Select(b => b.GetAttribute("value")).ShouldBe(["system", "light", "dark"]);
        buttons.Select(b => b.TextContent.Trim()).ShouldBe(["Follow the system", "Light", "Dark"]);
        buttons.ShouldAllBe(b => b.GetAttribute("type") == "submit");
        buttons
            .Where(b => b.GetAttribute("aria-pressed") == "true")
            .Select(b => b.GetAttribute("value"))
            .ShouldBe([mode.ToString().ToLowerInvariant()]);
        cut.Find("summary").TextContent.ShouldContain("Theme:");
    }

    [Theory]
    [InlineData(ThemeMode.System, null, "rgba(246,248,251,1)")]
    [InlineData(ThemeMode.System, "\"dark\"", "rgba(18,24,32,1)")]
    [InlineData(ThemeMode.Light, "\"dark\"", "rgba(246,248,251,1)")]
    [InlineData(ThemeMode.Dark, null, "rgba(18,24,32,1)")]
    public async Task ThemeStyles_AreMudThemeProvidersOwn_InTheChosenOrTheSystemsPalette(
        ThemeMode mode,
        string? systemHint,
        string background
    )
    {
        await using var ctx = ComponentTestContext.Create(mode);
        if (systemHint is not null)
        {
            ctx
                .Services.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>()
                .HttpContext!.Request.Headers[ThemePreference.ClientHint] = systemHint;
        }

        var cut = ctx.Render<ThemeStylesheets>();

        cut.FindComponents<MudBlazor.MudThemeProvider>().Count.ShouldBe(1);
        System
            .Text.RegularExpressions.Regex.Match(cut.Markup, "--mud-palette-background:\\s*([^;]+);")
            .Groups[1]
            .Value.ShouldBe(background);
    }

    [Theory]
    [InlineData("/households/1?welcome=1", "/households/1?welcome=1")]
    [InlineData("/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/a\r\nSet-Cookie: x", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void ThemeMenu_ReturnsOnlyToPathsOnThisSite(string? returnUrl, string expected) =>
        ThemePreference.LocalOrHome(returnUrl).ShouldBe(expected);

    [Fact]
    public async Task MessagePanel_ShowsItsHeadingBodyAndActions()
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<MessagePanel>(p =>
            p.Add(x => x.Icon, MudBlazor.Icons.Material.Outlined.Block)
                .Add(x => x.Title, "Access denied")
                .Add(x => x.Test, "panel")
                .Add(x => x.Body, "<p>Not for you.</p>")
                .Add(x => x.Actions, "<a href=\"/\">Home</a>")
        );

        cut.Find("[data-test=panel] h1").Text().ShouldBe("Access denied");
        cut.Find("[data-test=panel] p").Text().ShouldBe("Not for you.");
        cut.Find(".message-panel-actions a").GetAttribute("href").ShouldBe("/");
        cut.Find(".message-panel-icon").GetAttribute("aria-hidden").ShouldBe("true");
    }

    [Fact]
    public async Task LockoutPage_SaysHowLongAndOffersAWayBack()
    {
        await using var ctx = ComponentTestContext.Create();
        ctx.Services.AddSingleton(
            Options.Create(new IdentityOptions { Lockout = { DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5) } })
        );

        var cut = ctx.Render<Lockout>();

        cut.Find("h1").Text().ShouldBe("This account is locked for a while");
        cut.Find("[data-test=lockout-duration]").Text().ShouldBe("Try again in 5 minutes.");
        cut.Find("[data-test=lockout-signin]").GetAttribute("href").ShouldBe("Account/Login");
        cut.Find("[data-test=lockout-home]").GetAttribute("href").ShouldBe("/");
    }

    [Fact]
    public async Task NotFoundPage_LeadsHome()
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<NotFound>();

        cut.Find("[data-test=not-found] h1").Text().ShouldBe("We can't find that page");
        cut.Find("[data-test=not-found] a").GetAttribute("href").ShouldBe("/");
    }
}
