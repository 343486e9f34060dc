using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Auth;

public sealed class SignInTests
{
    private static HttpClient Anonymous(SmartShopApp app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    private static async Task<HttpClient> SignedInAsync(SmartShopApp app, object credentials)
    {
        var client = Anonymous(app);
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", credentials);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static async Task CreateUserAsync(HttpClient admin, object user)
    {
        using var response = await admin.PostAsJsonAsync("/api/users", user);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Api_WithoutSignIn_Is401ProblemButTheUiAndHealthAreOpen()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = Anonymous(app);

        using var plant = await client.GetAsync("/api/plant");
        Assert.Equal(HttpStatusCode.Unauthorized, plant.StatusCode);
        Assert.Contains("sign-in", (await ProblemAsync(plant)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var badKey = new HttpRequestMessage(HttpMethod.Get, "/api/plant");
        badKey.Headers.Authorization = new("Bearer", "not-a-key-at-all-000000000000");
        using var refused = await client.SendAsync(badKey);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("The API key is not known.", (await ProblemAsync(refused)).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/machines/l1-lathe")).StatusCode);
    }

    [Fact]
    public async Task SignIn_FirstAdminWithPassword_OpensASessionThatSignOutEnds()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = Anonymous(app);

        using var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "Admin", password = TestAuth.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("admin", me.GetProperty("userName").GetString());
        Assert.Equal(["admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/plant")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/sign-out", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/plant")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPasswordFiveTimes_LocksTheUserEvenForTheRightOne()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = Anonymous(app);

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = "guess-" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("The user name, password, PIN or badge is not right.", (await ProblemAsync(wrong)).GetProperty("detail").GetString());
        }

        using var locked = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = TestAuth.AdminPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.StartsWith("Too many failed attempts: this user is locked until ", (await ProblemAsync(locked)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        using var later = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "admin", password = TestAuth.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Operator_SignedInByBadgeOrPin_MayReportButNotManageUsers()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        await CreateUserAsync(admin, new { userName = "wang.fang", displayName = "Wang Fang", roles = new[] { "operator" }, pin = "4711", badge = "0004471100" });

        using var byBadge = await SignedInAsync(app, new { badge = " 0004471100\n" });
        using var report = await byBadge.PutAsJsonAsync("/api/machines/l1-lathe/status", new { state = "Down", reason = "jam" });
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);

        using var users = await byBadge.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        Assert.Equal("This needs one of the roles admin; wang.fang has operator.", (await ProblemAsync(users)).GetProperty("detail").GetString());

        using var byPin = await SignedInAsync(app, new { userName = "WANG.FANG", pin = "4711" });
        Assert.Equal("Wang Fang", (await byPin.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("displayName").GetString());

        using var unknownBadge = await Anonymous(app).PostAsJsonAsync("/api/auth/sign-in", new { badge = "9999999" });
        Assert.Equal("This badge is not registered to anyone.", (await ProblemAsync(unknownBadge)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UpdateUser_RolesChanged_EndsTheirOpenSession()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        await CreateUserAsync(admin, new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "supervisor-pass" });
        using var session = await SignedInAsync(app, new { userName = "li.na", password = "supervisor-pass" });
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/plant")).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        using var update = await admin.PutAsJsonAsync("/api/users/li.na", new { roles = new[] { "operator" } });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/plant")).StatusCode);
        using var again = await SignedInAsync(app, new { userName = "li.na", password = "supervisor-pass" });
        Assert.Equal(["operator"], (await again.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        using var deactivate = await admin.PutAsJsonAsync("/api/users/li.na", new { active = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/plant")).StatusCode);
        using var refused = await Anonymous(app).PostAsJsonAsync("/api/auth/sign-in", new { userName = "li.na", password = "supervisor-pass" });
        Assert.Equal("The user li.na is deactivated.", (await ProblemAsync(refused)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CreateUser_BadFields_Is400PerFieldAndStoresNothing()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();

        using var bad = await admin.PostAsJsonAsync("/api/users", new { userName = "9x", displayName = "", roles = new[] { "boss" }, password = "short", pin = "12a4" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await ProblemAsync(bad)).GetProperty("errors");
        Assert.Equal(["userName", "displayName", "roles", "password", "pin"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("Unknown role 'boss'", errors.GetProperty("roles")[0].GetString(), StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal(["admin"], await db.Users.Select(u => u.UserName).ToListAsync());

        await CreateUserAsync(admin, new { userName = "zhao.lei", displayName = "Zhao Lei", roles = new[] { "quality" }, badge = "B-1234" });
        using var duplicate = await admin.PostAsJsonAsync("/api/users", new { userName = "Zhao.Lei", displayName = "Other", roles = new[] { "quality" }, pin = "1234" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        using var sameBadge = await admin.PostAsJsonAsync("/api/users", new { userName = "other", displayName = "Other", roles = new[] { "quality" }, badge = "B-1234" });
        Assert.Equal("This badge is registered to another user.", (await ProblemAsync(sameBadge)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Users_StoreNoSecretInClear()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        await CreateUserAsync(admin, new { userName = "sun.li", displayName = "Sun Li", roles = new[] { "operator" }, password = "a-long-password", pin = "2468", badge = "BADGE-777" });

        await using var db = database.CreateContext();
        var row = await db.Users.SingleAsync(u => u.UserName == "sun.li");
        Assert.StartsWith("pbkdf2-sha256$", row.PasswordHash, StringComparison.Ordinal);
        Assert.StartsWith("pbkdf2-sha256$", row.PinHash, StringComparison.Ordinal);
        Assert.Equal(64, row.BadgeSha256!.Length);
        Assert.DoesNotContain("a-long-password", row.PasswordHash, StringComparison.Ordinal);
        var listed = await admin.GetStringAsync("/api/users");
        Assert.DoesNotContain("pbkdf2", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(row.BadgeSha256, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoUsers_OnTheDemoPlant_CanSignInAsTheBannerSays()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database, settings: new Dictionary<string, string> { ["SmartShop:Demo:Users"] = "true" });
        using var client = Anonymous(app);

        using var byBadge = await client.PostAsJsonAsync("/api/auth/sign-in", new { badge = "1001" });
        Assert.Equal(HttpStatusCode.OK, byBadge.StatusCode);
        Assert.Equal(["operator"], (await byBadge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        using var byPassword = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "li.na", password = "supervisor-demo" });
        Assert.Equal(HttpStatusCode.OK, byPassword.StatusCode);
        await using var db = database.CreateContext();
        Assert.Equal(["admin", "chen.jie", "li.na", "wang.fang", "zhao.lei"], await db.Users.OrderBy(u => u.UserName).Select(u => u.UserName).ToListAsync());
    }
}
