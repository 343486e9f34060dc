using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SmartShop.Server.Tests.Web;

/// <summary>
/// The sign-in page in headless Chromium against the real server: user name with password or PIN (on the on-screen
/// keypad), a badge scan (typed into a field that keeps the focus, then Enter), refusals said plainly, the way back to
/// the view the person was on, a session that ends while the page is open, and signing out.
/// </summary>
public sealed partial class SignInBrowserTests
{
    [Fact]
    public async Task Password_FromADeepLink_ReturnsThereAndSignOutEndsTheSession()
    {
        await using var session = await WebSession.StartAsync();
        var page = await session.NewPageAsync("en-US");

        // Not signed in: the view asked for waits behind the sign-in page.
        await page.GotoAsync(session.BaseUrl + "#/lines/line-1");
        await Expect(page).ToHaveURLAsync(new Regex(@"#/sign-in\?return=%23%2Flines%2Fline-1$"));
        await Expect(page.GetByTestId("sign-in")).ToHaveAttributeAsync("data-method", "password");

        // Nothing typed: said beside the fields, nothing sent.
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.GetByTestId("sign-in-user-error")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-in-password-error")).ToBeVisibleAsync();

        await page.GetByTestId("sign-in-user").FillAsync("admin");
        await page.GetByTestId("sign-in-password").FillAsync("not-the-password");
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.GetByTestId("sign-in-error")).ToHaveAttributeAsync("data-kind", "wrong");
        await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync("The user name, password, PIN or badge is not right.");

        await page.GetByTestId("sign-in-password").FillAsync(Infrastructure.TestAuth.AdminPassword);
        await page.GetByTestId("sign-in-password").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("#/lines/line-1$"));
        await Expect(page.GetByTestId("waterfall")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("user-display-name")).ToHaveTextAsync("Administrator");
        await Expect(page.GetByTestId("user-roles")).ToHaveAttributeAsync("data-roles", "admin");
        await Expect(page.GetByTestId("hub-status")).ToHaveAttributeAsync("data-state", "live");

        // Signing out shows the sign-in page for the next person; the API no longer answers this browser.
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/sign-in$"));
        await Expect(page.GetByTestId("sign-in")).ToBeVisibleAsync();
        await page.GotoAsync(session.BaseUrl + "#/machines/l1-lathe");
        await Expect(page).ToHaveURLAsync(new Regex(@"#/sign-in\?return=%23%2Fmachines%2Fl1-lathe$"));
        var me = await page.APIRequest.GetAsync(session.BaseUrl + "/api/auth/me");
        Assert.Equal(401, me.Status);
    }

    [Fact]
    public async Task PinOnTheKeypadAndBadgeScan_SignInOperators_WhoCannotPlanOrders()
    {
        await using var session = await WebSession.StartAsync();
        await session.CreateUserAsync(new { userName = "wang.fang", displayName = "王芳", roles = new[] { "operator" }, pin = "4711" });
        await session.CreateUserAsync(new { userName = "zhao.lei", displayName = "赵磊", roles = new[] { "operator" }, badge = "0004471100" });
        var page = await session.NewPageAsync("zh-CN");
        await page.GotoAsync(session.BaseUrl);
        await Expect(page).ToHaveURLAsync(new Regex("#/sign-in$"));

        // PIN: user name, then the digits on the keypad (a mistyped one taken back).
        await page.GetByTestId("sign-in-method-pin").ClickAsync();
        await page.GetByTestId("sign-in-user").FillAsync("wang.fang");
        foreach (var key in new[] { "4", "7", "1", "2", "back", "1" })
        {
            await page.GetByTestId($"pin-key-{key}").ClickAsync();
        }

        await Expect(page.GetByTestId("sign-in-pin")).ToHaveAttributeAsync("data-length", "4");
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.GetByTestId("user-menu")).ToHaveAttributeAsync("data-user", "wang.fang");
        await Expect(page.GetByTestId("user-display-name")).ToHaveTextAsync("王芳");
        await Expect(page.GetByTestId("user-roles")).ToHaveAttributeAsync("data-roles", "operator");
        await Expect(page.GetByTestId("user-roles")).ToHaveTextAsync("操作员");

        // An operator sees the orders but not the planners' actions.
        await page.GetByTestId("orders-link").ClickAsync();
        await Expect(page.GetByTestId("orders")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("orders-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("orders-new")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("orders-import")).ToHaveCountAsync(0);
        await page.GetByTestId("sign-out").ClickAsync();

        // Badge: the field has the focus, and gets it back after a tap elsewhere on the page, so the scanner's
        // keystrokes and Enter land there.
        await page.GetByTestId("sign-in-method-badge").ClickAsync();
        var badge = page.GetByTestId("sign-in-badge");
        await Expect(badge).ToBeFocusedAsync();
        await page.Locator("h1").ClickAsync();
        await Expect(badge).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("99999999");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("sign-in-error")).ToHaveAttributeAsync("data-kind", "unknownBadge");
        await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("未登记");
        await Expect(badge).ToBeFocusedAsync();
        await Expect(badge).ToHaveValueAsync(string.Empty);
        await page.Keyboard.TypeAsync("0004471100");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("user-menu")).ToHaveAttributeAsync("data-user", "zhao.lei");

        // The device remembers the method: the next person at this terminal scans too.
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByTestId("sign-in")).ToHaveAttributeAsync("data-method", "badge");
    }

    [Fact]
    public async Task SessionEndsWhileThePageIsOpen_TakesThePersonToSignInAndBackToTheView()
    {
        await using var session = await WebSession.StartAsync();
        await session.CreateUserAsync(new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "supervisor-pass" });
        var page = await session.NewPageAsync("en-US", "li.na", "supervisor-pass");
        await page.GotoAsync(session.BaseUrl + "#/orders");
        await Expect(page.GetByTestId("orders")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("orders-new")).ToBeVisibleAsync();

        // An administrator changes the user: that ends their sessions, and the next call this page makes is a 401.
        await session.UpdateUserAsync("li.na", new { displayName = "Li Na (line 1)" });
        await page.GetByTestId("follow-up-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"#/sign-in\?return=%23%2Ffollow-up$"));
        await Expect(page.GetByTestId("sign-in-ended")).ToBeVisibleAsync();

        await page.GetByTestId("sign-in-user").FillAsync("li.na");
        await page.GetByTestId("sign-in-password").FillAsync("supervisor-pass");
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/follow-up$"));
        await Expect(page.GetByTestId("follow-up")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("user-display-name")).ToHaveTextAsync("Li Na (line 1)");
        await Expect(page.GetByTestId("sign-in-ended")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SignIn_DeactivatedOrLockedUser_IsToldWhyPlainly()
    {
        await using var session = await WebSession.StartAsync();
        await session.CreateUserAsync(new { userName = "sun.li", displayName = "Sun Li", roles = new[] { "operator" }, password = "operator-pass" });
        await session.CreateUserAsync(new { userName = "zhou.yu", displayName = "Zhou Yu", roles = new[] { "operator" }, password = "operator-pass" });
        await session.UpdateUserAsync("sun.li", new { active = false });
        var page = await session.NewPageAsync("en-US");
        await page.GotoAsync(session.BaseUrl + "#/sign-in");

        await page.GetByTestId("sign-in-user").FillAsync("sun.li");
        await page.GetByTestId("sign-in-password").FillAsync("operator-pass");
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.GetByTestId("sign-in-error")).ToHaveAttributeAsync("data-kind", "deactivated");
        await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync("The user sun.li is deactivated. Ask an administrator.");

        // Five wrong passwords lock the user: the right one is refused too, with the time the lock ends.
        await page.GetByTestId("sign-in-user").FillAsync("zhou.yu");
        for (var i = 1; i <= 5; i++)
        {
            await page.GetByTestId("sign-in-password").FillAsync($"guess-{i}");
            await page.GetByTestId("sign-in-submit").ClickAsync();
            await Expect(page.GetByTestId("sign-in-password")).ToHaveValueAsync(string.Empty);
        }

        await page.GetByTestId("sign-in-password").FillAsync("operator-pass");
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.GetByTestId("sign-in-error")).ToHaveAttributeAsync("data-kind", "locked");
        await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync(LockedUntil());
    }

    [GeneratedRegex(@"^Too many failed attempts: this user is locked until \d{2}:\d{2}:\d{2}\.$")]
    private static partial Regex LockedUntil();
}
