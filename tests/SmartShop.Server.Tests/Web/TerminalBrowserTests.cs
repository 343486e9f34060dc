using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartShop.Server.Tests.Plant;
using static Microsoft.Playwright.Assertions;

namespace SmartShop.Server.Tests.Web;

/// <summary>
/// The operator terminal (#/terminal) in headless Chromium at 1280x800 against the real server on the demo plant without
/// shift calendars (every hour is planned time). People, lots and orders are made through the API; the operator signs
/// in on the terminal page. A badge scanner is simulated as keystrokes typed with nothing focused, as a scanner types
/// into whatever the page is. Machines report their state by hand (PUT status), as a machine without a PLC does.
/// </summary>
public sealed class TerminalBrowserTests
{
    private const string Badge = "0004471100";

    private static readonly Dictionary<string, string> Settings = new() { ["Oee:FlushInterval"] = "00:00:00.250" };

    [Fact]
    public async Task BadgeScan_StartStopReasonUnitsAndAndon_AllFromTheTerminal()
    {
        await using var session = await WebSession.StartAsync(PlantCalendarTestFiles.DemoAroundTheClock(), Settings);
        await OperatorAsync(session);
        using var supervisor = await ReleasedOrderAsync(session, "WO-9001", lots: [("BAR-A", "BAR-20", "released"), ("ORING-A", "ORING-20", "released"), ("ORING-Q", "ORING-20", "quarantined")]);
        var page = await session.NewPageAsync("en-US");
        await page.GotoAsync(session.BaseUrl + "#/terminal");

        // The badge: scanned with no field focused (the scanner types the code and Enter into the page).
        await Expect(page.GetByTestId("terminal-sign-in")).ToHaveAttributeAsync("data-mode", "badge");
        Assert.Equal("BODY", await page.EvaluateAsync<string>("document.activeElement.tagName"));
        await ScanAsync(page, Badge);
        await Expect(page.GetByTestId("terminal-user")).ToHaveAttributeAsync("data-user", "wang.wei");

        // The station, chosen once for this device.
        await page.GetByTestId("station-l1-lathe").ClickAsync();
        await Expect(page.GetByTestId("terminal-station-name")).ToHaveTextAsync("CNC lathe 1 (bar-fed)");
        var order = page.GetByTestId("terminal-order");
        await Expect(order).ToHaveAttributeAsync("data-order", "WO-9001");
        await Expect(order).ToHaveAttributeAsync("data-status", "released");
        await Expect(page.GetByTestId("terminal-target")).ToHaveAttributeAsync("data-value", "10");
        await Expect(page.GetByTestId("terminal-good")).ToHaveAttributeAsync("data-value", "0");
        Assert.Equal("l1-lathe", await page.EvaluateAsync<string>("localStorage.getItem('smartshop.terminal.station')"));

        await page.GetByTestId("terminal-action-start").ClickAsync();
        await Expect(order).ToHaveAttributeAsync("data-status", "running");
        await Expect(page.GetByTestId("terminal-action-pause")).ToBeVisibleAsync();

        // The machine stops without a reason: the terminal asks at once; one tap on the short list and confirm.
        await ReportAsync(session, "l1-lathe", "Down");
        var prompt = page.GetByTestId("stop-prompt");
        await Expect(prompt).ToBeVisibleAsync();
        var stopId = await prompt.GetByTestId("stop-prompt-body").GetAttributeAsync("data-stop-id");
        await Expect(prompt.GetByTestId("stop-prompt-why")).ToHaveValueAsync("Reported at the terminal");
        await prompt.GetByTestId("stop-reason-unplanned.material.starved").ClickAsync();
        await prompt.GetByTestId("stop-prompt-confirm").ClickAsync();
        await Expect(prompt).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("terminal-machine-l1-lathe")).ToHaveAttributeAsync("data-needs-reason", "false");
        var stop = await session.Http.GetFromJsonAsync<JsonElement>($"/api/downtime/machines/l1-lathe/stops/{stopId}/history");
        var change = Assert.Single(stop.GetProperty("history").EnumerateArray());
        Assert.Equal("unplanned.material.starved", change.GetProperty("newReasonId").GetString());
        Assert.Equal("wang.wei", change.GetProperty("by").GetString());
        Assert.Equal("Reported at the terminal", change.GetProperty("why").GetString());

        // A unit: its serial, then its lots, all scanned with nothing focused. The quarantined lot is refused in the
        // operator's words, big and red with its code; the good lot stays scanned.
        await ScanAsync(page, "SN-9001-1");
        await Expect(page.GetByTestId("unit-serial")).ToHaveValueAsync("SN-9001-1");
        await Expect(page.GetByTestId("unit-panel")).ToHaveAttributeAsync("data-purpose", "lot");
        await ScanAsync(page, "BAR-A");
        await ScanAsync(page, "ORING-Q");
        await Expect(page.GetByTestId("unit-lots")).ToHaveAttributeAsync("data-lots", "BAR-A,ORING-Q");
        await page.GetByTestId("unit-good").ClickAsync();
        var refused = page.GetByTestId("unit-refused");
        await Expect(refused).ToBeVisibleAsync();
        await Expect(refused.GetByTestId("unit-refused-lot-ORING-Q")).ToContainTextAsync("Lot ORING-Q (ORING-20) is in quarantine: do not use it.");
        await Expect(page.GetByTestId("unit-lots")).ToHaveAttributeAsync("data-lots", "BAR-A");
        Assert.Equal(0, (await session.Http.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-9001/units")).GetProperty("unitCount").GetInt64());

        // Scanning a good lot instead (the focus is still on the button tapped last: the scan's Enter does not press it).
        await ScanAsync(page, "ORING-A");
        await Expect(refused).ToHaveCountAsync(0);
        await page.GetByTestId("unit-good").ClickAsync();
        await Expect(page.GetByTestId("unit-recorded")).ToHaveAttributeAsync("data-serial", "SN-9001-1");
        await Expect(page.GetByTestId("unit-serial")).ToHaveValueAsync("");
        await Expect(page.GetByTestId("terminal-recorded")).ToHaveAttributeAsync("data-good", "1");
        var unit = await session.Http.GetFromJsonAsync<JsonElement>("/api/units/SN-9001-1");
        Assert.Equal("wang.wei", unit.GetProperty("operator").GetString());
        Assert.Equal("l1-lathe", unit.GetProperty("machineId").GetString());
        Assert.Equal("good", unit.GetProperty("quality").GetString());
        Assert.Equal(["BAR-A", "ORING-A"], unit.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("lot").GetString()!).ToArray());
        Assert.Single((await session.Http.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-9001/units")).GetProperty("units").EnumerateArray());

        // Andon: call maintenance with a note, take the call, close it with what was done.
        await page.GetByTestId("andon-call-maintenance").ClickAsync();
        await page.GetByTestId("andon-note").FillAsync("Chuck jaw loose");
        await page.GetByTestId("andon-raise-confirm").ClickAsync();
        var call = page.GetByTestId("andon-calls").Locator("li[data-kind='maintenance']");
        await Expect(call).ToHaveAttributeAsync("data-status", "open");
        await Expect(call).ToContainTextAsync("Chuck jaw loose");
        var callId = (await call.GetAttributeAsync("data-testid"))!["andon-".Length..];
        await page.GetByTestId($"andon-ack-{callId}").ClickAsync();
        await Expect(call).ToHaveAttributeAsync("data-status", "acknowledged");
        await page.GetByTestId($"andon-close-{callId}").ClickAsync();
        await page.GetByTestId("andon-resolution").FillAsync("Jaw bolts tightened");
        await page.GetByTestId("andon-close-confirm").ClickAsync();
        await Expect(call).ToHaveCountAsync(0);
        var closed = Assert.Single((await session.Http.GetFromJsonAsync<JsonElement>("/api/andon?station=l1-lathe&status=closed")).EnumerateArray());
        Assert.Equal("wang.wei", closed.GetProperty("raisedBy").GetString());
        Assert.Equal("wang.wei", closed.GetProperty("acknowledgedBy").GetString());
        Assert.Equal("Jaw bolts tightened", closed.GetProperty("resolution").GetString());

        // The handover note for the next shift.
        await page.GetByTestId("handover-text").FillAsync("Bar feeder jams on the last metre; watch it.");
        await page.GetByTestId("handover-submit").ClickAsync();
        await Expect(page.GetByTestId("handover-saved")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("handover-notes")).ToContainTextAsync("Bar feeder jams on the last metre");
        Assert.Equal(0, await page.GetByTestId("terminal-outbox").CountAsync());
    }

    [Fact]
    public async Task Offline_UnitAndPauseQueued_SentOnceInOrderWhenTheNetworkReturns()
    {
        await using var session = await WebSession.StartAsync(PlantCalendarTestFiles.DemoAroundTheClock(), Settings);
        await OperatorAsync(session);
        using var supervisor = await ReleasedOrderAsync(session, "WO-9002", lots: [("BAR-B", "BAR-20", "released"), ("ORING-B", "ORING-20", "released"), ("ORING-QB", "ORING-20", "quarantined")]);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/work-orders/WO-9002/start", new { })).StatusCode);
        var page = await session.NewPageAsync("zh-CN");
        await page.GotoAsync(session.BaseUrl + "#/terminal");

        // PIN sign-in on the keypad; the whole line as the station.
        await page.GetByTestId("terminal-use-pin").ClickAsync();
        await page.GetByTestId("terminal-pin-user").FillAsync("wang.wei");
        foreach (var digit in "4711")
        {
            await page.GetByTestId($"terminal-pin-key-{digit}").ClickAsync();
        }

        await page.GetByTestId("terminal-pin-submit").ClickAsync();
        await Expect(page.GetByTestId("terminal-user")).ToHaveAttributeAsync("data-user", "wang.wei");
        await page.GetByTestId("station-line-1").ClickAsync();
        var order = page.GetByTestId("terminal-order");
        await Expect(order).ToHaveAttributeAsync("data-status", "running");
        await page.GetByTestId("unit-purpose-lot").ClickAsync();
        await EnterLotAsync(page, "BAR-B");

        // A quarantined lot is refused in the operator's language (the server's code, said in Chinese); the good lot stays.
        await EnterLotAsync(page, "ORING-QB");
        await Expect(page.GetByTestId("unit-lots")).ToHaveAttributeAsync("data-count", "2");
        await page.GetByTestId("unit-good").ClickAsync();
        await Expect(page.GetByTestId("unit-refused-lot-ORING-QB")).ToContainTextAsync("批次 ORING-QB（ORING-20）处于隔离状态：不得使用。");
        await Expect(page.GetByTestId("unit-lots")).ToHaveAttributeAsync("data-count", "1");
        await EnterLotAsync(page, "ORING-B");
        await Expect(page.GetByTestId("unit-lots")).ToHaveAttributeAsync("data-count", "2");

        // The network goes: a unit and a pause wait on the terminal, in order, and the screen says so.
        await page.Context.SetOfflineAsync(true);
        await page.GetByTestId("unit-good").ClickAsync();
        await Expect(page.GetByTestId("unit-queued")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("terminal-outbox")).ToHaveAttributeAsync("data-count", "1");
        await page.GetByTestId("terminal-action-pause").ClickAsync();
        await Expect(page.GetByTestId("terminal-order-pending")).ToHaveAttributeAsync("data-action", "pause");
        await Expect(page.GetByTestId("terminal-outbox")).ToHaveAttributeAsync("data-count", "2");
        await Expect(page.GetByTestId("terminal-outbox")).ToContainTextAsync("2 个操作等待发送");
        await Expect(page.GetByTestId("station-stale")).ToBeVisibleAsync();
        var stored = await page.EvaluateAsync<string>("localStorage.getItem('smartshop.terminal.outbox')");
        Assert.Equal(2, JsonDocument.Parse(stored).RootElement.GetProperty("pending").GetArrayLength());
        Assert.Equal(0, (await session.Http.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-9002/units")).GetProperty("unitCount").GetInt64());

        // Back online: both are sent, the unit before the pause, each once.
        await page.Context.SetOfflineAsync(false);
        await Expect(page.GetByTestId("terminal-outbox")).ToHaveCountAsync(0);
        await Expect(order).ToHaveAttributeAsync("data-status", "paused");
        await Expect(page.GetByTestId("terminal-recorded")).ToHaveAttributeAsync("data-good", "1");
        await Expect(page.GetByTestId("terminal-refused")).ToHaveCountAsync(0);

        var unit = Assert.Single((await session.Http.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-9002/units")).GetProperty("units").EnumerateArray());
        Assert.Equal("wang.wei", unit.GetProperty("operator").GetString());
        Assert.Equal(["BAR-B", "ORING-B"], unit.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("lot").GetString()!).ToArray());
        var saved = await session.Http.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-9002");
        Assert.Equal("paused", saved.GetProperty("status").GetString());
        Assert.Single(saved.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "work-order.pause");
    }

    /// <summary>
    /// A lot typed into the lot field, then Enter (the scanner rule is the first test's: on a loaded machine typed keys
    /// can come too slowly to count as a scan).
    /// </summary>
    private static async Task EnterLotAsync(IPage page, string code)
    {
        await page.GetByTestId("unit-lot-input").FillAsync(code);
        await page.GetByTestId("unit-lot-input").PressAsync("Enter");
        await Expect(page.GetByTestId($"unit-lot-{code}")).ToBeVisibleAsync();
    }

    /// <summary>A scanner: the code typed fast into whatever has the focus, then Enter.</summary>
    private static async Task ScanAsync(IPage page, string code)
    {
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
    }

    private static Task OperatorAsync(WebSession session) =>
        session.CreateUserAsync(new { userName = "wang.wei", displayName = "Wang Wei", roles = new[] { "operator" }, pin = "4711", badge = Badge });

    private static async Task ReportAsync(WebSession session, string machineId, string state)
    {
        using var response = await session.Http.PutAsJsonAsync($"/api/machines/{machineId}/status", new { state });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// An order of 10 spools on line 1 (0.25 m of BAR-20 and 2 ORING-20 each), its lots received, released by a
    /// supervisor with her signature; returns her signed-in client.
    /// </summary>
    private static async Task<HttpClient> ReleasedOrderAsync(WebSession session, string id, (string Id, string Material, string Status)[] lots)
    {
        using var created = await session.Http.PostAsJsonAsync("/api/work-orders", new
        {
            id,
            product = "SPOOL-20",
            quantity = 10,
            unit = "pcs",
            lineId = "line-1",
            bom = new[] { new { material = "BAR-20", quantityPerUnit = 0.25m, unit = "m" }, new { material = "ORING-20", quantityPerUnit = 2m, unit = "pcs" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        foreach (var (lot, material, status) in lots)
        {
            using var received = await session.Http.PostAsJsonAsync("/api/lots", new
            {
                id = lot,
                material,
                quantity = material == "BAR-20" ? 10m : 100m,
                unit = material == "BAR-20" ? "m" : "pcs",
                status,
                supplier = "Baosteel",
                supplierLot = "S-" + lot,
            });
            Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        }

        await session.CreateUserAsync(new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "supervisor-pass" });
        var supervisor = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(session.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync("/api/auth/sign-in", new { userName = "li.na", password = "supervisor-pass" })).StatusCode);
        using var released = await supervisor.PostAsJsonAsync($"/api/work-orders/{id}/release", new { signature = new { userName = "li.na", password = "supervisor-pass" } });
        Assert.True(released.StatusCode == HttpStatusCode.OK, await released.Content.ReadAsStringAsync());
        return supervisor;
    }
}
