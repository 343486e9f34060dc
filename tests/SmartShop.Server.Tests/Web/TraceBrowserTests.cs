using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmartShop.Server.Tests.Plant;
using static Microsoft.Playwright.Assertions;

namespace SmartShop.Server.Tests.Web;

/// <summary>
/// The quality and administration pages in headless Chromium against the real server on the demo plant: traces of a
/// unit and a lot (set up through the API: an order with a bill of materials released with a supervisor's signature,
/// lots, a split, units and a case), a lot put in quarantine, the lot list, the audit trail and its chain, users, and
/// a signed reclassification of a stop reason in the machine page's stop list.
/// </summary>
public sealed class TraceBrowserTests
{
    [Fact]
    public async Task Trace_UnitThroughASplitAndTheLotsRecallScope_ShownWithCsvAndEpcis()
    {
        await using var session = await WebSession.StartAsync();
        await session.CreateUserAsync(new { userName = "zhao.min", displayName = "Zhao Min", roles = new[] { "quality" }, password = "quality-pass" });
        await RunningOrderWithUnitsAsync(session);

        var page = await session.NewPageAsync("en-US", "zhao.min", "quality-pass");
        await page.GotoAsync(session.BaseUrl + "#/");

        // Quality sees the trace, lot and audit pages in the header, not the users page.
        await Expect(page.GetByTestId("trace-link")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("lots-link")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("audit-link")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("users-link")).ToHaveCountAsync(0);

        // A scanner types the serial and Enter into the search field: whether it is a unit or a lot is found out.
        await page.GetByTestId("trace-link").ClickAsync();
        await Expect(page.GetByTestId("trace-search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("SN-1002", new KeyboardTypeOptions { Delay = 5 });
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("#/trace/units/SN-1002$"));

        var unit = page.GetByTestId("trace-unit");
        await Expect(unit).ToHaveAttributeAsync("data-serial", "SN-1002");
        await Expect(unit.GetByTestId("trace-unit-order")).ToHaveTextAsync("WO-T7");
        await Expect(unit.GetByTestId("trace-unit-case")).ToHaveAttributeAsync("data-case", "CASE-7");
        await Expect(unit.GetByTestId("trace-unit-machine")).ToHaveAttributeAsync("data-machine", "l1-cmm");
        await Expect(unit.GetByTestId("trace-process-values")).ToBeVisibleAsync();

        // Backward: the O-rings came from ORING-A1, split from ORING-A, received from NOK.
        var tree = page.GetByTestId("trace-tree");
        await Expect(tree).ToHaveAttributeAsync("data-count", "3");
        var split = tree.GetByTestId("trace-node-ORING-A1");
        await Expect(split).ToHaveAttributeAsync("data-level", "1");
        await Expect(split).ToHaveAttributeAsync("data-kind", "consume");
        var source = tree.GetByTestId("trace-node-ORING-A");
        await Expect(source).ToHaveAttributeAsync("data-level", "2");
        await Expect(source).ToHaveAttributeAsync("data-kind", "split");
        await Expect(source.GetByTestId("trace-node-supplier")).ToContainTextAsync("NOK");
        await Expect(source.GetByTestId("trace-node-supplier")).ToContainTextAsync("S-ORING-A");
        await Expect(tree.GetByTestId("trace-node-BAR-A")).ToHaveAttributeAsync("data-level", "1");

        // Forward from ORING-A: the lot split from it, both units (one through the split), their order and case.
        await source.GetByTestId("trace-node-link-ORING-A").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/trace/lots/ORING-A$"));
        await Expect(page.GetByTestId("trace-lot")).ToHaveAttributeAsync("data-status", "released");
        var recall = page.GetByTestId("trace-recall");
        await Expect(recall.GetByTestId("trace-recall-count")).ToHaveAttributeAsync("data-count", "2");
        await Expect(recall.GetByTestId("trace-recall-units").Locator("li[data-serial]")).ToHaveCountAsync(2);
        await Expect(recall.GetByTestId("trace-recall-units").Locator("li[data-serial='SN-1001']")).ToBeVisibleAsync();
        await Expect(recall.GetByTestId("trace-recall-cases")).ToHaveAttributeAsync("data-cases", "CASE-7");
        await Expect(recall.GetByTestId("trace-recall-orders").Locator("a[data-order='WO-T7']")).ToBeVisibleAsync();
        await Expect(recall.GetByTestId("trace-recall-lots").Locator("a[data-lot='ORING-A1']")).ToBeVisibleAsync();

        // The recall list as CSV, made in the browser from the answer.
        var csv = await page.RunAndWaitForDownloadAsync(() => recall.GetByTestId("trace-recall-csv").ClickAsync());
        Assert.Equal("recall-ORING-A.csv", csv.SuggestedFilename);
        var text = (await File.ReadAllTextAsync(await csv.PathAsync())).TrimStart('\uFEFF');
        Assert.Equal("lot,serial\r\nORING-A,SN-1001\r\nORING-A,SN-1002\r\n", text);
        await Expect(recall.GetByTestId("trace-recall-exported")).ToHaveAttributeAsync("data-rows", "2");

        // The order lists its units, each leading to its trace, and offers its EPCIS document.
        await recall.GetByTestId("trace-recall-orders").Locator("a[data-order='WO-T7']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/orders/WO-T7$"));
        var units = page.GetByTestId("order-units");
        await Expect(units).ToHaveAttributeAsync("data-count", "2");
        await Expect(units.GetByTestId("order-unit-SN-1001")).ToHaveAttributeAsync("data-quality", "good");
        var epcis = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("order-epcis").ClickAsync());
        Assert.Equal("epcis-WO-T7.jsonld", epcis.SuggestedFilename);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(await epcis.PathAsync()));
        Assert.Equal("EPCISDocument", document.RootElement.GetProperty("type").GetString());
        await units.GetByTestId("order-unit-link-SN-1001").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/trace/units/SN-1001$"));
        await Expect(page.GetByTestId("trace-tree").GetByTestId("trace-node-ORING-A")).ToHaveAttributeAsync("data-level", "1");
    }

    [Fact]
    public async Task Lots_QualityQuarantinesWithWhy_AuditTrailShowsItAndTheChainIsIntact()
    {
        await using var session = await WebSession.StartAsync();
        await session.CreateUserAsync(new { userName = "zhao.min", displayName = "Zhao Min", roles = new[] { "quality" }, password = "quality-pass" });
        await ReceiveAsync(session, "STEEL-9", "BAR-20", 40, "m", "Baosteel");

        var page = await session.NewPageAsync("zh-CN", "zhao.min", "quality-pass");
        await page.GotoAsync(session.BaseUrl + "#/lots");
        await Expect(page.GetByTestId("lots-search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("STEEL-9", new KeyboardTypeOptions { Delay = 5 });
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("#/lots/STEEL-9$"));
        var lot = page.GetByTestId("lot");
        await Expect(lot).ToHaveAttributeAsync("data-status", "released");
        await Expect(lot.GetByTestId("lot-supplier")).ToHaveTextAsync("Baosteel");

        // Quality holds lots but does not receive, split or merge them (the shop floor does).
        await Expect(lot.GetByTestId("lot-split-not-allowed")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("lot-receive")).ToHaveCountAsync(0);

        // Quarantine: why is asked for before anything is sent.
        await lot.GetByTestId("lot-status-quarantined").ClickAsync();
        await lot.GetByTestId("lot-status-submit").ClickAsync();
        await Expect(lot.GetByTestId("lot-status-why-error")).ToBeVisibleAsync();
        await Expect(lot).ToHaveAttributeAsync("data-status", "released");
        await lot.GetByTestId("lot-status-why").FillAsync("来料硬度待检");
        await lot.GetByTestId("lot-status-submit").ClickAsync();
        await Expect(lot).ToHaveAttributeAsync("data-status", "quarantined");
        await Expect(lot.GetByTestId("lot-status-done")).ToHaveAttributeAsync("data-status", "quarantined");
        Assert.Equal("quarantined", (await session.Http.GetFromJsonAsync<JsonElement>("/api/lots/STEEL-9")).GetProperty("status").GetString());

        // The lot's audit trail: the change with who, why and the status before and after.
        await lot.GetByTestId("lot-audit-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"#/audit\?type=lot&id=STEEL-9$"));
        var entries = page.GetByTestId("audit-entries");
        await Expect(entries).ToHaveAttributeAsync("data-count", "2");
        var quarantine = entries.Locator("li[data-action='lot.quarantined']");
        await Expect(quarantine.GetByTestId("audit-entry-who")).ToHaveAttributeAsync("data-user", "zhao.min");
        await Expect(quarantine.GetByTestId("audit-entry-why")).ToContainTextAsync("来料硬度待检");
        var status = quarantine.GetByTestId("audit-entry-diff").Locator("tr[data-path='status']");
        await Expect(status).ToHaveAttributeAsync("data-kind", "changed");
        await Expect(status).ToContainTextAsync("released");
        await Expect(status).ToContainTextAsync("quarantined");
        // A creation's record is folded away until asked for.
        var receipt = entries.Locator("li[data-action='lot.receive']");
        await Expect(receipt.GetByTestId("audit-entry-diff")).ToHaveCountAsync(0);
        await receipt.GetByTestId("audit-entry-more").ClickAsync();
        await Expect(receipt.GetByTestId("audit-entry-diff")).ToHaveAttributeAsync("data-created", "true");
        await Expect(receipt.GetByTestId("audit-entry-diff").Locator("tr[data-path='supplier']")).ToContainTextAsync("Baosteel");

        // The whole chain checks out.
        await page.GetByTestId("audit-verify").ClickAsync();
        var verified = page.GetByTestId("audit-verify-result");
        await Expect(verified).ToHaveAttributeAsync("data-intact", "true");
        await Expect(verified).ToContainTextAsync("哈希链完整");

        // Filtering by user (kept in the address) finds only that person's changes.
        await page.GetByTestId("audit-filter-clear").ClickAsync();
        await page.GetByTestId("audit-filter-user").FillAsync("zhao.min");
        await page.GetByTestId("audit-filter-apply").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"#/audit\?user=zhao\.min$"));
        await Expect(page.GetByTestId("audit-entries")).ToHaveAttributeAsync("data-count", "1");
    }

    [Fact]
    public async Task Lots_ListFilteredToHeld_ShowsOnlyTheQuarantinedLotWhichOpens()
    {
        await using var session = await WebSession.StartAsync();
        await session.CreateUserAsync(new { userName = "zhao.min", displayName = "Zhao Min", roles = new[] { "quality" }, password = "quality-pass" });
        await ReceiveAsync(session, "BAR-OK", "BAR-20", 40, "m", "Baosteel");
        await PostAsync(session.Http, "/api/lots", new { id = "BAR-HOLD", material = "BAR-20", quantity = 25, unit = "m", supplier = "Baosteel", supplierLot = "S-BAR-HOLD", status = "quarantined" });

        var page = await session.NewPageAsync("en-US", "zhao.min", "quality-pass");
        await page.GotoAsync(session.BaseUrl + "#/lots");
        var list = page.GetByTestId("lot-list");
        await Expect(list.GetByTestId("lot-list-rows")).ToHaveAttributeAsync("data-count", "2");
        await Expect(list.GetByTestId("lot-row-BAR-OK")).ToHaveAttributeAsync("data-status", "released");

        await list.GetByTestId("lot-list-status-held").ClickAsync();
        await Expect(list).ToHaveAttributeAsync("data-status", "held");
        await Expect(list.GetByTestId("lot-list-rows")).ToHaveAttributeAsync("data-count", "1");
        await Expect(list.GetByTestId("lot-row-BAR-OK")).ToHaveCountAsync(0);
        var held = list.GetByTestId("lot-row-BAR-HOLD");
        await Expect(held).ToHaveAttributeAsync("data-status", "quarantined");
        await Expect(held).ToContainTextAsync("S-BAR-HOLD");

        await held.GetByTestId("lot-link-BAR-HOLD").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/lots/BAR-HOLD$"));
        await Expect(page.GetByTestId("lot")).ToHaveAttributeAsync("data-status", "quarantined");
        await Expect(page.GetByTestId("lot-list")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Lots_ShopFloorReceivesSplitsAndMerges_ServerFieldErrorsBesideTheFields()
    {
        await using var session = await WebSession.StartAsync();
        await session.CreateUserAsync(new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "supervisor-pass" });
        await ReceiveAsync(session, "ORING-B", "ORING-20", 50, "pcs", "NOK");

        var page = await session.NewPageAsync("en-US", "li.na", "supervisor-pass");
        await page.GotoAsync(session.BaseUrl + "#/lots");
        var receive = page.GetByTestId("lot-receive");

        // The browser asks for what is missing; the server's refusal of a bad code is said beside its field.
        await receive.GetByTestId("lot-receive-submit").ClickAsync();
        await Expect(receive.GetByTestId("lot-receive-error-material")).ToBeVisibleAsync();
        await Expect(receive.GetByTestId("lot-receive-error-quantity")).ToBeVisibleAsync();
        await receive.GetByTestId("lot-receive-id").FillAsync("ORING C");
        await receive.GetByTestId("lot-receive-material").FillAsync("ORING-20");
        await receive.GetByTestId("lot-receive-quantity").FillAsync("30");
        await receive.GetByTestId("lot-receive-unit").FillAsync("pcs");
        await receive.GetByTestId("lot-receive-submit").ClickAsync();
        await Expect(receive.GetByTestId("lot-receive-error-id")).ToContainTextAsync("not 1-64 letters");
        await receive.GetByTestId("lot-receive-id").FillAsync("ORING-C");
        await receive.GetByTestId("lot-receive-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/lots/ORING-C$"));
        await Expect(page.GetByTestId("lot")).ToHaveAttributeAsync("data-status", "released");

        // Split 10 off: the new lot is listed; the source has 20 left.
        var lot = page.GetByTestId("lot");
        await lot.GetByTestId("lot-split-0-id").FillAsync("ORING-C1");
        await lot.GetByTestId("lot-split-0-quantity").FillAsync("10");
        await lot.GetByTestId("lot-split-submit").ClickAsync();
        await Expect(lot.GetByTestId("lot-split-done")).ToHaveAttributeAsync("data-lots", "ORING-C1");
        await Expect(lot.GetByTestId("lot-remaining")).ToHaveAttributeAsync("data-value", "20");

        // Merge: a lot that does not exist is named at its row; then the two lots become one.
        var merge = page.GetByTestId("lot-merge");
        await merge.GetByTestId("lot-merge-0-id").FillAsync("ORING-B");
        await merge.GetByTestId("lot-merge-1-id").FillAsync("ORING-X");
        await merge.GetByTestId("lot-merge-submit").ClickAsync();
        await Expect(merge.GetByTestId("lot-merge-error-sources[1].id")).ToContainTextAsync("There is no lot 'ORING-X'");
        await merge.GetByTestId("lot-merge-1-id").FillAsync("ORING-C1");
        await merge.GetByTestId("lot-merge-id").FillAsync("ORING-M");
        await merge.GetByTestId("lot-merge-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/lots/ORING-M$"));
        await Expect(page.GetByTestId("lot").GetByTestId("lot-origin")).ToHaveAttributeAsync("data-origin", "merge");
        await Expect(page.GetByTestId("lot").GetByTestId("lot-remaining")).ToHaveAttributeAsync("data-value", "60");
    }

    [Fact]
    public async Task Users_AdminCreatesAnOperatorWithAPin_WhoSignsInAndNoSecretIsShown()
    {
        await using var session = await WebSession.StartAsync();
        var page = await session.NewPageAsync("en-US", "admin");
        await page.GotoAsync(session.BaseUrl + "#/");
        await page.GetByTestId("users-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/users$"));
        await Expect(page.GetByTestId("user-row-admin")).ToHaveAttributeAsync("data-roles", "admin");

        await page.GetByTestId("users-new").ClickAsync();
        var form = page.GetByTestId("user-create");
        await form.GetByTestId("user-form-submit").ClickAsync();
        await Expect(form.GetByTestId("user-form-error-userName")).ToBeVisibleAsync();
        await Expect(form.GetByTestId("user-form-error-roles")).ToBeVisibleAsync();
        await Expect(form.GetByTestId("user-form-error-password")).ToBeVisibleAsync();

        // The server's refusal of the name is said beside it.
        await form.GetByTestId("user-form-userName").FillAsync("9wang");
        await form.GetByTestId("user-form-displayName").FillAsync("Wang Wei");
        await form.GetByTestId("user-form-role-operator").ClickAsync();
        await form.GetByTestId("user-form-pin").FillAsync("2468");
        await form.GetByTestId("user-form-badge").FillAsync("BADGE-7781");
        await form.GetByTestId("user-form-submit").ClickAsync();
        await Expect(form.GetByTestId("user-form-error-userName")).ToContainTextAsync("not 2-64 letters");

        await form.GetByTestId("user-form-userName").FillAsync("wang.wei");
        await form.GetByTestId("user-form-pin").FillAsync("2468");
        await form.GetByTestId("user-form-badge").FillAsync("BADGE-7781");
        await form.GetByTestId("user-form-submit").ClickAsync();
        await Expect(page.GetByTestId("users-created")).ToHaveAttributeAsync("data-user", "wang.wei");
        var row = page.GetByTestId("user-row-wang.wei");
        await Expect(row).ToHaveAttributeAsync("data-roles", "operator");
        await Expect(row.Locator("[data-method]")).ToHaveCountAsync(2);
        Assert.DoesNotContain("2468", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("BADGE-7781", await page.ContentAsync(), StringComparison.Ordinal);

        // The new operator signs in at a terminal with the PIN.
        using var terminal = new HttpClient { BaseAddress = new Uri(session.BaseUrl) };
        using var signIn = await terminal.PostAsJsonAsync("/api/auth/sign-in", new { userName = "wang.wei", pin = "2468" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        // Roles change, then the user is deactivated.
        await row.GetByTestId("user-edit-wang.wei").ClickAsync();
        var dialog = page.GetByTestId("user-edit-dialog");
        await dialog.GetByTestId("user-edit-role-quality").ClickAsync();
        await dialog.GetByTestId("user-edit-submit").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(row).ToHaveAttributeAsync("data-roles", "operator,quality");
        await row.GetByTestId("user-edit-wang.wei").ClickAsync();
        await dialog.GetByTestId("user-deactivate").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-active", "false");
        using var refused = await terminal.PostAsJsonAsync("/api/auth/sign-in", new { userName = "wang.wei", pin = "2468" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Reclassification_OfAReasonAPersonChose_AsksForASignatureAndTheHistoryShowsIt()
    {
        await using var session = await WebSession.StartAsync(PlantCalendarTestFiles.DemoAroundTheClock(), new Dictionary<string, string> { ["Oee:FlushInterval"] = "00:00:00.250" });
        await session.CreateUserAsync(new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "supervisor-pass" });
        await ReportAsync(session, "l2-leaktest", "Down");
        await ReportAsync(session, "l2-leaktest", "Running");

        var page = await session.NewPageAsync("zh-CN", "li.na", "supervisor-pass");
        await page.GotoAsync(session.BaseUrl + "#/machines/l2-leaktest");
        var stop = page.GetByTestId("stops").Locator("li[data-stop-id]");
        await Expect(stop).ToHaveCountAsync(1);
        var stopId = await stop.GetAttributeAsync("data-stop-id");

        // Someone classifies it first (here a system, through the API): the reason is a person's choice from now on.
        using (var classified = await session.Http.PostAsJsonAsync($"/api/downtime/machines/l2-leaktest/stops/{stopId}/classify", new { reasonId = "unplanned.equipment.tooling", why = "Seal worn" }))
        {
            Assert.Equal(HttpStatusCode.OK, classified.StatusCode);
        }

        await page.ReloadAsync();
        await Expect(page.GetByTestId($"stop-part-{stopId}-0")).ToHaveAttributeAsync("data-source", "manual");
        await page.GetByTestId($"stop-toggle-{stopId}").ClickAsync();
        var detail = page.GetByTestId($"stop-detail-{stopId}");
        await detail.GetByTestId("classify-reason-node-unplanned").ClickAsync();
        await detail.GetByTestId("classify-reason-node-unplanned.material").ClickAsync();
        await detail.GetByTestId("classify-reason-node-unplanned.material.starved").ClickAsync();
        await Expect(detail.GetByTestId("classify-signature-needed")).ToContainTextAsync("api:tests");
        await detail.GetByTestId("classify-why").FillAsync("实为待料，换刀后等了零件");
        await detail.GetByTestId("classify-submit").ClickAsync();

        // The signature dialog, meaning prefilled; nothing entered, then a wrong password: said beside the signature.
        var dialog = page.GetByTestId("reclassify-dialog");
        await Expect(dialog.GetByTestId("signature-meaning")).ToHaveValueAsync("停机原因重新分类");
        await dialog.GetByTestId("reclassify-dialog-submit").ClickAsync();
        await Expect(dialog.GetByTestId("signature-error")).ToBeVisibleAsync();
        await dialog.GetByTestId("signature-user").FillAsync("li.na");
        await dialog.GetByTestId("signature-password").FillAsync("wrong-pass");
        await dialog.GetByTestId("reclassify-dialog-submit").ClickAsync();
        await Expect(dialog.GetByTestId("signature-error")).ToHaveTextAsync("签名未被接受：用户名、密码或 PIN 码不正确。");
        await Expect(detail.GetByTestId("history-2")).ToHaveCountAsync(0);

        await dialog.GetByTestId("signature-password").FillAsync("supervisor-pass");
        await dialog.GetByTestId("reclassify-dialog-submit").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId($"stop-part-{stopId}-0")).ToHaveAttributeAsync("data-reason-id", "unplanned.material.starved");
        var entry = detail.GetByTestId("history-2");
        await Expect(entry.GetByTestId("history-old")).ToHaveAttributeAsync("data-reason-id", "unplanned.equipment.tooling");
        await Expect(entry.GetByTestId("history-signature")).ToHaveAttributeAsync("data-signed-by", "li.na");
        await Expect(entry.GetByTestId("history-signature")).ToContainTextAsync("停机原因重新分类");
        await Expect(detail.GetByTestId("history-1").GetByTestId("history-signature")).ToHaveCountAsync(0);

        var history = await session.Http.GetFromJsonAsync<JsonElement>($"/api/downtime/machines/l2-leaktest/stops/{stopId}/history");
        var signed = history.GetProperty("history")[1];
        Assert.Equal(("li.na", "li.na"), (signed.GetProperty("by").GetString(), signed.GetProperty("signedBy").GetString()));
    }

    /// <summary>
    /// A running order WO-T7 (10 spools on line 1: 0.25 m of BAR-20 and 2 ORING-20 each), released with the
    /// supervisor's signature; lots BAR-A and ORING-A, 20 O-rings split off into ORING-A1; unit SN-1001 made with
    /// ORING-A, SN-1002 with ORING-A1; both packed into CASE-7.
    /// </summary>
    private static async Task RunningOrderWithUnitsAsync(WebSession session)
    {
        await session.CreateUserAsync(new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "supervisor-pass" });
        await PostAsync(session.Http, "/api/work-orders", new
        {
            id = "WO-T7",
            product = "SPOOL-20",
            quantity = 10,
            unit = "pcs",
            lineId = "line-1",
            bom = new[] { new { material = "BAR-20", quantityPerUnit = 0.25m, unit = "m" }, new { material = "ORING-20", quantityPerUnit = 2m, unit = "pcs" } },
        });
        await ReceiveAsync(session, "BAR-A", "BAR-20", 10, "m", "Baosteel");
        await ReceiveAsync(session, "ORING-A", "ORING-20", 100, "pcs", "NOK");

        // Releasing is signed by the person releasing: the supervisor's own session.
        using var supervisor = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(session.BaseUrl) };
        await PostAsync(supervisor, "/api/auth/sign-in", new { userName = "li.na", password = "supervisor-pass" });
        await PostAsync(supervisor, "/api/work-orders/WO-T7/release", new { signature = new { userName = "li.na", password = "supervisor-pass" } });
        await PostAsync(supervisor, "/api/work-orders/WO-T7/start", new { });

        await PostAsync(session.Http, "/api/work-orders/WO-T7/units", new { serial = "SN-1001", components = new[] { new { lot = "BAR-A" }, new { lot = "ORING-A" } } });
        await PostAsync(session.Http, "/api/lots/ORING-A/split", new { parts = new[] { new { id = "ORING-A1", quantity = 20 } } });
        await PostAsync(session.Http, "/api/work-orders/WO-T7/units", new { serial = "SN-1002", components = new[] { new { lot = "BAR-A" }, new { lot = "ORING-A1" } } });
        await PostAsync(session.Http, "/api/containers", new { id = "CASE-7", kind = "case", contents = new[] { "SN-1001", "SN-1002" } });
    }

    private static Task ReceiveAsync(WebSession session, string id, string material, decimal quantity, string unit, string supplier) =>
        PostAsync(session.Http, "/api/lots", new { id, material, quantity, unit, supplier, supplierLot = "S-" + id });

    private static async Task ReportAsync(WebSession session, string machineId, string state)
    {
        using var response = await session.Http.PutAsJsonAsync($"/api/machines/{machineId}/status", new { state });
        response.EnsureSuccessStatusCode();
    }

    private static async Task PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} failed: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
