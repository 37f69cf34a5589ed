using Bunit;
using HouseholdApp.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace HouseholdApp.Tests.Components;

public sealed class FormFieldTests
{
    [Fact]
    public async Task Field_IsAPlainLabelledInputThatPostsUnderItsName()
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<FormField>(p =>
            p.Add(x => x.Id, "email")
                .Add(x => x.Name, "Input.Email")
                .Add(x => x.Label, "Email")
                .Add(x => x.Type, "email")
                .Add(x => x.Value, "ada@example.org")
                .Add(x => x.Required, true)
                .Add(x => x.HelperText, "We never share it.")
        );

        var input = cut.Find("input#email");
        input.GetAttribute("name").ShouldBe("Input.Email");
        input.GetAttribute("type").ShouldBe("email");
        input.GetAttribute("value").ShouldBe("ada@example.org");
        input.HasAttribute("required").ShouldBeTrue();
        input.HasAttribute("aria-invalid").ShouldBeFalse();
        input.GetAttribute("aria-describedby").ShouldBe("email-help");
        cut.Find("label[for=email]").Text().ShouldBe("Email");
        cut.Find("#email-help").Text().ShouldBe("We never share it.");
        cut.FindAll(".field-error").ShouldBeEmpty();
        // The app's own classes: nothing copied from MudBlazor's internal markup.
        cut.Find("input#email").ClassList.ShouldBe(["form-field-input"]);
        cut.Markup.ShouldNotContain("mud-");
    }

    [Fact]
    public async Task PasswordField_NeverWritesItsValueBack()
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<FormField>(p =>
            p.Add(x => x.Id, "pw")
                .Add(x => x.Name, "Input.Password")
                .Add(x => x.Label, "Password")
                .Add(x => x.Type, "password")
                .Add(x => x.Value, "hunter2-secret")
        );

        cut.Markup.ShouldNotContain("hunter2-secret");
        cut.Find("input#pw").HasAttribute("value").ShouldBeFalse();
    }

    [Fact]
    public async Task Errors_OutlineTheField_AndAreReadWithIt()
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<FormField>(p =>
            p.Add(x => x.Id, "pw")
                .Add(x => x.Name, "Input.Password")
                .Add(x => x.Label, "Password")
                .Add(x => x.Type, "password")
                .Add(x => x.HelperText, "At least 8 characters.")
                .Add(x => x.Test, "pw")
                .Add(x => x.Errors, ["Too short.", "Needs a digit."])
                .Add(x => x.ErrorContent, "<a href=\"/help\">Help</a>")
        );

        var input = cut.Find("input#pw");
        input.GetAttribute("aria-invalid").ShouldBe("true");
        input.GetAttribute("aria-describedby").ShouldBe("pw-help pw-error");
        cut.Find("[data-test=pw-field]").ClassList.ShouldContain("form-field-invalid");
        cut.Markup.ShouldNotContain("mud-");
        var error = cut.Find("[data-test=pw-error]");
        error.Id.ShouldBe("pw-error");
        error.QuerySelectorAll("span").Select(m => m.TextContent).ShouldBe(["Too short.", "Needs a digit."]);
        error.Text().ShouldEndWith("Help");
        error.QuerySelector("a")!.GetAttribute("href").ShouldBe("/help");
    }

    [Fact]
    public async Task InsideAnEditForm_ShowsThatFieldsValidationMessages()
    {
        await using var ctx = ComponentTestContext.Create();
        var model = new Model();
        var editContext = new EditContext(model);
        var messages = new ValidationMessageStore(editContext);
        messages.Add(editContext.Field(nameof(Model.Email)), "Enter your email address.");

        var cut = ctx.Render<CascadingValue<EditContext>>(p =>
            p.Add(x => x.Value, editContext)
                .AddChildContent<FormField>(f =>
                    f.Add(x => x.Id, "e")
                        .Add(x => x.Name, "Input.Email")
                        .Add(x => x.Label, "Email")
                        .Add(x => x.Field, nameof(Model.Email))
                )
        );

        cut.Find(".field-error").Text().ShouldBe("Enter your email address.");
        cut.Find("input#e").GetAttribute("aria-invalid").ShouldBe("true");

        await cut.InvokeAsync(() =>
        {
            messages.Clear();
            editContext.NotifyValidationStateChanged();
        });
        cut.WaitForAssertion(() => cut.FindAll(".field-error").ShouldBeEmpty());
    }

    private sealed class Model
    {
        public string Email { get; set; } = "";
    }
}
