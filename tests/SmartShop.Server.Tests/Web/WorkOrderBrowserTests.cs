using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartShop.Core.Machines;
using SmartShop.Server.Machines;
using static Microsoft.Playwright.Assertions;

namespace SmartShop.Server.Tests.Web;

/// <summary>
/// The work-order pages in headless Chromium against the real server on the demo plant (no PLC connection: the
/// machines take jobs without a job interface): creating an order through the form with the server's field errors
/// beside the fields, releasing it with an electronic signature in the dialog, running and pausing it, the history
/// with the signature, and importing a CSV file with a bad row.
/// </summary>
public sealed class WorkOrderBrowserTests
{
    [Fact]
    public async Task CreateThroughTheForm_ReleaseWithASignature_HistoryShowsTheSigner()
    {
        await using var session = await WebSession.StartAsync();
        await session.CreateUserAsync(new { userName = "li.na", displayName = "Li Na", roles = new[] { "supervisor" }, password = "supervisor-pass" });
        var page = await session.NewPageAsync("en-US", "li.na", "supervisor-pass");
        await page.GotoAsync(session.BaseUrl + "#/orders");
        await page.GetByTestId("orders-new").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/orders/new$"));

        // Required fields are said beside them before anything is sent.
        await page.GetByTestId("order-submit").ClickAsync();
        await Expect(page.GetByTestId("order-error-id")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("order-error-quantity")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("order-error-lineId")).ToBeVisibleAsync();

        // The server's refusal names the field: line 1 is not set up for valves.
        await page.GetByTestId("order-id-input").FillAsync("WO-7001");
        await page.GetByTestId("order-product-input").FillAsync("VALVE-CV20");
        await page.GetByTestId("order-quantity-input").FillAsync("500");
        await page.GetByTestId("order-due-input").FillAsync("2026-12-01T16:00");
        await page.GetByTestId("order-priority-2").ClickAsync();
        await page.GetByTestId("order-line-input").SelectOptionAsync("line-1");
        await page.GetByTestId("order-bom-add").ClickAsync();
        await page.GetByTestId("order-bom-0-material").FillAsync("BAR-20");
        await page.GetByTestId("order-bom-0-quantity").FillAsync("0.25");
        await page.GetByTestId("order-bom-0-unit").FillAsync("m");
        await page.GetByTestId("order-submit").ClickAsync();
        await Expect(page.GetByTestId("order-error-lineId")).ToContainTextAsync("VALVE-CV20");
        await Expect(page).ToHaveURLAsync(new Regex("#/orders/new$"));

        await page.GetByTestId("order-product-input").FillAsync("SPOOL-20");
        await page.GetByTestId("order-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/orders/WO-7001$"));
        await Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "created");
        await Expect(page.GetByTestId("order-bom").Locator("tr[data-material='BAR-20']")).ToContainTextAsync("125");
        await Expect(page.GetByTestId("order-history-1")).ToHaveAttributeAsync("data-action", "create");

        // Release: the signature dialog, meaning prefilled. Nothing entered, then a wrong password: said at the signature.
        await page.GetByTestId("order-action-release").ClickAsync();
        var dialog = page.GetByTestId("order-action-dialog");
        await Expect(dialog).ToHaveAttributeAsync("data-action", "release");
        await Expect(dialog.GetByTestId("signature-meaning")).ToHaveValueAsync("Released for production");
        await dialog.GetByTestId("action-submit").ClickAsync();
        await Expect(dialog.GetByTestId("signature-error")).ToBeVisibleAsync();
        await dialog.GetByTestId("signature-user").FillAsync("li.na");
        await dialog.GetByTestId("signature-password").FillAsync("wrong-pass");
        await dialog.GetByTestId("action-submit").ClickAsync();
        await Expect(dialog.GetByTestId("signature-error")).ToContainTextAsync("not accepted");
        await Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "created");

        await dialog.GetByTestId("signature-password").FillAsync("supervisor-pass");
        await dialog.GetByTestId("signature-meaning").FillAsync("Released for production after material check");
        await dialog.GetByTestId("action-submit").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "released");
        var release = page.GetByTestId("order-history-2");
        await Expect(release).ToHaveAttributeAsync("data-action", "release");
        await Expect(release.GetByTestId("order-history-signature")).ToHaveTextAsync("✍ signed by li.na — Released for production after material check");
        await Expect(page.GetByTestId("order-progress-panel")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("order-good")).ToHaveAttributeAsync("data-value", "0");
        await Expect(page.GetByTestId("order-remaining")).ToHaveAttributeAsync("data-value", "500");

        // Start goes straight; pause asks why, which the history keeps.
        await page.GetByTestId("order-action-start").ClickAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "running");
        await page.GetByTestId("order-action-pause").ClickAsync();
        await dialog.GetByTestId("action-why").FillAsync("Waiting for bar stock");
        await dialog.GetByTestId("action-submit").ClickAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "paused");
        await Expect(page.GetByTestId("order-history-4").GetByTestId("order-history-why")).ToContainTextAsync("Waiting for bar stock");

        // Cancelling needs a why: refused beside it until given.
        await page.GetByTestId("order-action-cancel").ClickAsync();
        await dialog.GetByTestId("action-submit").ClickAsync();
        await Expect(dialog.GetByTestId("action-why-error")).ToBeVisibleAsync();
        await dialog.GetByTestId("action-cancel").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        // The line's output (the CMM) counted 3 good and 1 bad of the order: the list shows its progress and scrap.
        var cmm = session.Services.GetRequiredService<SmartShop.Grains.IGrainFactory>().GetGrain<IMachineGrain>("l1-cmm");
        var at = TimeProvider.System.GetUtcNow();
        await cmm.ReportSamples(new MachineSampleBatch([
            new MachineSample(MachineSignal.JobId, 0, "WO-7001", at, at),
            new MachineSample(MachineSignal.GoodCount, 100, null, at, at),
            new MachineSample(MachineSignal.RejectCount, 7, null, at, at),
        ]));
        at = TimeProvider.System.GetUtcNow().AddMilliseconds(1);
        await cmm.ReportSamples(new MachineSampleBatch([new MachineSample(MachineSignal.GoodCount, 103, null, at, at), new MachineSample(MachineSignal.RejectCount, 8, null, at, at)]));
        await page.GetByTestId("crumb-orders").ClickAsync();
        var row = page.GetByTestId("order-row-WO-7001");
        await Expect(row).ToHaveAttributeAsync("data-status", "paused");
        var progress = row.GetByTestId("order-progress-WO-7001");
        await Expect(progress).ToHaveAttributeAsync("data-percent", "0.6");
        await Expect(progress).ToContainTextAsync("3 / 500 pcs");
        await Expect(progress).ToHaveAttributeAsync("aria-valuetext", "3 of 500 pcs good, 1 scrap: 1 %");
        await Expect(row.GetByTestId("order-scrap-WO-7001")).ToHaveTextAsync("1 scrap");
        await page.GetByTestId("orders-status-paused").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"#/orders\?status=created,released,running,completed$"));
        await Expect(row).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ImportCsv_BadRow_ShowsTheRowAndStoresNothing_ThenTheFixedFileImports()
    {
        await using var session = await WebSession.StartAsync();
        var page = await session.NewPageAsync("zh-CN", "admin");
        await page.GotoAsync(session.BaseUrl + "#/orders");
        await page.GetByTestId("orders-import").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/orders/import$"));

        const string Header = "Order,Product,Qty,UoM,Due Date,Priority,Line,Material,Qty Per Unit,Material Unit\r\n";
        var bad = Header +
            "WO-8001,SPOOL-20,300,pcs,2026-12-06T16:00:00+08:00,2,line-1,BAR-20,0.25,m\r\n" +
            "WO-8002,SPOOL-25,1O0,pcs,,5,line-1,,,\r\n";
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "orders.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(bad) });
        await page.GetByTestId("import-submit").ClickAsync();
        var errors = page.GetByTestId("import-errors");
        await Expect(errors).ToHaveAttributeAsync("data-count", "1");
        await Expect(errors.GetByTestId("import-error-row-3")).ToContainTextAsync("quantity: '1O0' is not a number");
        await Expect(errors.GetByTestId("import-error-row-3")).ToContainTextAsync("第 3 行");

        var orders = await session.Http.GetStringAsync("/api/work-orders?status=created");
        Assert.Equal("[]", orders);

        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "orders.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(bad.Replace("1O0", "100", StringComparison.Ordinal)) });
        await page.GetByTestId("import-submit").ClickAsync();
        await Expect(page.GetByTestId("import-created")).ToHaveAttributeAsync("data-count", "2");
        await Expect(page.GetByTestId("import-errors")).ToHaveCountAsync(0);

        await page.GetByTestId("import-created").Locator("li[data-order='WO-8002'] a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/orders/WO-8002$"));
        await Expect(page.GetByTestId("order-quantity")).ToHaveTextAsync("100 pcs");
        await Expect(page.GetByTestId("order-history-1")).ToHaveAttributeAsync("data-action", "import");
    }
}
