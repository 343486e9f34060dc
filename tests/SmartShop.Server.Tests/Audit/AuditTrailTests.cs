using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Data;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Audit;

public sealed class AuditTrailTests
{
    private static async Task CreateUsersAsync(HttpClient admin, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await admin.PostAsJsonAsync("/api/users", new { userName = $"op{i}", displayName = $"Operator {i}", roles = new[] { "operator" }, pin = "1234" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Verify_AfterChanges_IsIntactAndListsWhoDidWhat(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        await CreateUsersAsync(admin, 3);
        using var update = await admin.PutAsJsonAsync("/api/users/op1", new { roles = new[] { "operator", "quality" }, pin = "9999" });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(5, verify.GetProperty("entries").GetInt64());
        Assert.Equal(5, verify.GetProperty("headSeq").GetInt64());

        var entries = await admin.GetFromJsonAsync<JsonElement>("/api/audit?entityType=user&entityId=op1");
        Assert.Equal(["user.update", "user.create"], entries.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        var change = entries[0];
        Assert.Equal("api:tests", change.GetProperty("userName").GetString());
        Assert.Equal("changed PIN", change.GetProperty("why").GetString());
        Assert.Contains("\"roles\":[\"operator\"]", change.GetProperty("old").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"roles\":[\"operator\",\"quality\"]", change.GetProperty("new").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("9999", change.GetProperty("new").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AuditEntries_CannotBeChangedThroughTheDatabaseAndAForgeryIsFound(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        await CreateUsersAsync(admin, 3);

        await using var db = database.CreateContext();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entry SET why = 'edited' WHERE seq = 3"));
        Assert.Contains("append-only", refused.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entry WHERE seq = 4"));

        // Someone with the database owner's rights removes the guard and edits an entry: the chain shows where.
        await db.Database.ExecuteSqlRawAsync(database.Provider == DatabaseProvider.Sqlite
            ? "DROP TRIGGER audit_entry_no_update"
            : "DROP TRIGGER audit_entry_no_change ON audit_entry");
        await db.Database.ExecuteSqlRawAsync("UPDATE audit_entry SET user_name = 'someone.else' WHERE seq = 3");

        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.False(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(2, verify.GetProperty("entries").GetInt64());
        var broken = verify.GetProperty("firstBreak");
        Assert.Equal(3, broken.GetProperty("seq").GetInt64());
        Assert.Contains("does not match its hash", broken.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_NeedsAQualityManagerOrAdminRole()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var admin = app.CreateClient();
        await CreateUsersAsync(admin, 1);
        using var operatorClient = app.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = null;
        using var signIn = await operatorClient.PostAsJsonAsync("/api/auth/sign-in", new { userName = "op0", pin = "1234" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        using var response = await operatorClient.GetAsync("/api/audit/verify");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("quality, manager, admin", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
