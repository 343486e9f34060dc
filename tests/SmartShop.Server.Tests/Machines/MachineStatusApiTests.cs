using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using SmartShop.Server.Machines;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Machines;

public sealed class MachineStatusApiTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ListStatus_FreshPlant_GivesEveryDemoMachineUnknown(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        var statuses = await client.GetFromJsonAsync<MachineStatusResponse[]>("/api/machines/status");

        Assert.Equal(8, statuses!.Length);
        Assert.All(statuses, s => Assert.Equal(("Unknown", "none"), (s.State, s.Source)));
        Assert.Contains(statuses, s => s.MachineId == "l1-lathe");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ReportState_ValidReport_IsReturnedAndReadBack(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        app.Clock.Advance(TimeSpan.FromMinutes(3));

        var put = await client.PutAsJsonAsync("/api/machines/l1-lathe/status", new { state = "Down", reason = "Spindle alarm" });
        var read = await client.GetFromJsonAsync<MachineStatusResponse>("/api/machines/l1-lathe/status");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var expected = new MachineStatusResponse("l1-lathe", "Down", app.Clock.GetUtcNow(), "Spindle alarm", "manual");
        Assert.Equal(expected, await put.Content.ReadFromJsonAsync<MachineStatusResponse>());
        Assert.Equal(expected, read);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ReportState_ServerRestarted_StateSurvives(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        DateTimeOffset reportedAt;
        await using (var first = new SmartShopApp(database))
        {
            using var client = first.CreateClient();
            first.Clock.Advance(TimeSpan.FromMinutes(7));
            reportedAt = first.Clock.GetUtcNow();
            (await client.PutAsJsonAsync("/api/machines/l2-press/status", new { state = "Setup", reason = "Die change" })).EnsureSuccessStatusCode();
        }

        await using var second = new SmartShopApp(database);
        using var again = second.CreateClient();
        var status = await again.GetFromJsonAsync<MachineStatusResponse>("/api/machines/l2-press/status");

        Assert.Equal(new MachineStatusResponse("l2-press", "Setup", reportedAt, "Die change", "manual"), status);
    }

    [Fact]
    public async Task ReportState_UnknownState_Is400NamingTheField()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        var response = await client.PutAsJsonAsync("/api/machines/l1-lathe/status", new { state = "Broken" });
        var after = await client.GetFromJsonAsync<MachineStatusResponse>("/api/machines/l1-lathe/status");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains("Broken", Assert.Single(problem!.Errors["state"]), StringComparison.Ordinal);
        Assert.Equal("Unknown", after!.State);
    }

    [Theory]
    [InlineData("{\"state\":\"3\"}")]
    [InlineData("{\"state\":null}")]
    [InlineData("{}")]
    public async Task ReportState_BadBodies_Are400(string body)
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();
        var response = await client.PutAsync("/api/machines/l1-lathe/status", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ReportState_ReasonOver200Characters_Is400NamingTheField()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        var response = await client.PutAsJsonAsync("/api/machines/l1-lathe/status", new { state = "Down", reason = new string('x', 201) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains("201", Assert.Single(problem!.Errors["reason"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportState_MalformedJson_Is400ProblemDetails()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        var response = await client.PutAsync("/api/machines/l1-lathe/status", new StringContent("{\"state\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetStatus_UnknownMachine_Is404ProblemNamingIt()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var app = new SmartShopApp(database);
        using var client = app.CreateClient();

        var get = await client.GetAsync("/api/machines/no-such-machine/status");
        var put = await client.PutAsJsonAsync("/api/machines/no-such-machine/status", new { state = "Down" });

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, put.StatusCode));
        var problem = await get.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("no-such-machine", problem!.Detail, StringComparison.Ordinal);
    }
}
