using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Audit;

/// <summary>Changes of record outside orders and lots reach the audit trail too.</summary>
public sealed class AuditCoverageTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ReportedMachineStateAndHandoverNote_AreAudited(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/machines/l2-leaktest/status", new { state = "Down", reason = "seal worn" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/handover", new { station = "line-2", text = "Seal kit ordered." })).StatusCode);

        var machine = (await client.GetFromJsonAsync<JsonElement>("/api/audit?entityType=machine&entityId=l2-leaktest"))[0];
        Assert.Equal(("machine.report-state", "api:tests"), (machine.GetProperty("action").GetString(), machine.GetProperty("userName").GetString()));
        Assert.Contains("\"state\":\"Down\"", machine.GetProperty("new").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"seal worn\"", machine.GetProperty("new").GetString(), StringComparison.Ordinal);

        // The same report again changes nothing and is not entered again; another reason is.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/machines/l2-leaktest/status", new { state = "Down", reason = "seal worn" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/machines/l2-leaktest/status", new { state = "Down", reason = "seal replaced, testing" })).StatusCode);
        var reports = await client.GetFromJsonAsync<JsonElement>("/api/audit?entityType=machine&entityId=l2-leaktest");
        Assert.Equal(2, reports.GetArrayLength());
        var handover = (await client.GetFromJsonAsync<JsonElement>("/api/audit?entityType=handover"))[0];
        Assert.Contains("Seal kit ordered.", handover.GetProperty("new").GetString(), StringComparison.Ordinal);
        Assert.True((await client.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("intact").GetBoolean());
    }
}
