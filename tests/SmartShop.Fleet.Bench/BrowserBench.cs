using System.Globalization;
using Microsoft.Playwright;
using SmartShop.OpcUa;

namespace SmartShop.Fleet.Bench;

/// <summary>
/// PLC change to the dashboard in headless Chromium (Debian's, through Playwright with ExecutablePath): a few machine
/// pages (<c>#/machines/{id}</c>) of probe machines, each with a MutationObserver that reports <c>Date.now()</c>
/// whenever the state chip's <c>data-state</c> (<c>data-testid="machine-view-state-{id}"</c>) changes. t0 is the wall
/// clock just before the Call is sent; latency = browser wall time − t0 (one machine, one CLOCK_REALTIME). The observer
/// fires when Vue has updated the DOM, before the frame is painted.
/// </summary>
public static class BrowserBench
{
    private static readonly TimeSpan SampleTimeout = TimeSpan.FromSeconds(15);

    private const string ObserverScript = """
        (testId) => {
          const read = () => document.querySelector(`[data-testid="${testId}"]`)?.getAttribute("data-state") ?? null;
          let last = read();
          new MutationObserver(() => {
            const now = read();
            if (now !== last) {
              last = now;
              window.benchStateChanged(now ?? "", Date.now());
            }
          }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
          return last;
        }
        """;

    public static async Task RunAsync(BenchContext context, Fleet fleet, (string Line, string Machine)[] probes)
    {
        var o = context.Options;
        var ct = context.Cancellation;
        if (!File.Exists(o.Chromium))
        {
            throw new InvalidOperationException($"{o.Chromium} is missing: install Debian's chromium (tests/run.sh does) or pass --chromium.");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = o.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var browserContext = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        browserContext.SetDefaultTimeout(60_000);
        await SignInAsync(browserContext, fleet.Server.BaseAddress);

        var pages = new List<Watched>();
        var visibility = new List<string>();
        foreach (var probe in probes.Take(o.BrowserPages))
        {
            var page = await browserContext.NewPageAsync();
            var watched = new Watched(probe.Line, probe.Machine);
            await page.ExposeFunctionAsync<string, double, bool>("benchStateChanged", (state, at) => watched.Changed(state, at));

            // The hub's frames as the browser process receives them (DevTools protocol, off the page's main thread):
            // splits the latency into the way to the browser and the page's own part.
            page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            {
                if (frame.Text is { } text && text.Contains($"\"machineId\":\"{watched.Machine}\"", StringComparison.Ordinal))
                {
                    watched.Frame(text, WallMs());
                }
            };
            // Whatever an earlier phase left the probe in (the latency phase ends with about half of them down).
            await fleet.CallSimulationAsync(probe.Line, probe.Machine, "ForceState", [new Variant(Fleet.PackMlExecute), new Variant(0.0)], ct);
            await page.GotoAsync(new Uri(fleet.Server.BaseAddress, $"/#/machines/{probe.Machine}").ToString());
            var testId = $"machine-view-state-{probe.Machine}";
            await page.WaitForSelectorAsync($"[data-testid=\"{testId}\"][data-state=\"Running\"]");
            watched.State = await page.EvaluateAsync<string>(ObserverScript, testId);
            pages.Add(watched);
            visibility.Add(await page.EvaluateAsync<string>("() => document.visibilityState"));
        }

        context.Progress($"browser: {pages.Count} machine pages open, every probe Running; {o.BrowserSamples} samples");
        var latencies = new List<double>();
        var (toFrame, frameToDom) = (new List<double>(), new List<double>());
        var lost = 0;
        for (var i = 0; i < o.BrowserSamples; i++)
        {
            var watched = pages[i % pages.Count];
            var target = watched.State == "Running" ? "Down" : "Running";
            var arrived = watched.Expect(target);
            var t0 = WallMs();
            if (target == "Down")
            {
                await fleet.CallSimulationAsync(watched.Line, watched.Machine, "InjectFault", [new Variant(Fleet.FaultCode), new Variant(0.0)], ct);
            }
            else
            {
                await fleet.CallSimulationAsync(watched.Line, watched.Machine, "ForceState", [new Variant(Fleet.PackMlExecute), new Variant(0.0)], ct);
            }

            try
            {
                var shownAt = await arrived.WaitAsync(SampleTimeout, ct);
                latencies.Add(shownAt - t0);
                if (watched.FrameAt is { } frameAt)
                {
                    toFrame.Add(frameAt - t0);
                    frameToDom.Add(shownAt - frameAt);
                    if (shownAt - frameAt > 2000)
                    {
                        context.Progress(string.Create(CultureInfo.InvariantCulture, $"browser: {watched.Machine} → {target} shown {shownAt - frameAt:0} ms after its frame; frames since the call:{Environment.NewLine}{string.Join(Environment.NewLine, watched.FramesSoFar().Select(f => $"  +{f.At - t0:0} ms {f.Text[..Math.Min(f.Text.Length, 600)]}"))}"));
                    }
                }
            }
            catch (TimeoutException)
            {
                lost++;
                watched.State = target;
            }

            // At most a change a second, so each page's machine changes every few seconds.
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        var stats = new Stats(latencies);
        var goal = 250 + o.PublishingInterval.TotalMilliseconds;
        var r = context.Report;
        r.AppendLine("## 3. PLC change to the dashboard in a real browser");
        r.AppendLine();
        r.AppendLine(CultureInfo.InvariantCulture, $"Headless Chromium ({o.Chromium}) with {pages.Count} machine pages open (`#/machines/{{id}}`), one change a second in turn while all {o.Machines:#,0} machines stream; latency = `Date.now()` in the page's MutationObserver on `data-state` − wall clock before the Call. Milliseconds:");
        r.AppendLine();
        r.AppendLine("| | n | p50 | p95 | p99 | max |");
        r.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        r.AppendLine(CultureInfo.InvariantCulture, $"| PLC change → state chip changed in the DOM | {stats.Count} | {Stats.F(stats.Median)} | {Stats.F(stats.Percentile(95))} | {Stats.F(stats.Percentile(99))} | {Stats.F(stats.Max)} |");
        foreach (var (label, values) in new[] { ("PLC change → the hub's frame received by the browser process", toFrame), ("that frame → state chip changed in the DOM (the page)", frameToDom) })
        {
            var part = new Stats(values);
            r.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {part.Count} | {Stats.F(part.Median)} | {Stats.F(part.Percentile(95))} | {Stats.F(part.Percentile(99))} | {Stats.F(part.Max)} |");
        }
        r.AppendLine();
        r.AppendLine(CultureInfo.InvariantCulture, $"Within {goal:0} ms: {latencies.Count(v => v <= goal) * 100.0 / Math.Max(1, o.BrowserSamples):0.0} %. Changes not shown within {SampleTimeout.TotalSeconds:0} s: {lost}. Date.now() has 1 ms resolution. Pages' visibilityState: {string.Join(", ", visibility)}.");
        r.AppendLine();
        context.Progress(string.Create(CultureInfo.InvariantCulture, $"browser: p50 {stats.Median:0} ms, p99 {stats.Percentile(99):0} ms, max {stats.Max:0} ms; lost {lost}"));
    }

    /// <summary>Signs the browser in as the first administrator (its cookie jar gets the session); a server without sign-in answers 404.</summary>
    private static async Task SignInAsync(IBrowserContext browserContext, Uri baseAddress)
    {
        var response = await browserContext.APIRequest.PostAsync(new Uri(baseAddress, "/api/auth/sign-in").ToString(), new APIRequestContextOptions
        {
            DataObject = new { userName = "admin", password = BenchAuth.AdminPassword },
        });
        if (!response.Ok && response.Status != 404)
        {
            throw new InvalidOperationException($"Signing the browser in failed: {response.Status} {await response.TextAsync()}");
        }
    }

    /// <summary>Milliseconds since the Unix epoch, fractional (the browser's Date.now() clock).</summary>
    private static double WallMs() => (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    private sealed class Watched(string line, string machine)
    {
        private readonly Lock _gate = new();
        private (string State, TaskCompletionSource<double> Shown)? _expected;

        public string Line { get; } = line;

        public string Machine { get; } = machine;

        public string State { get; set; } = "Running";

        /// <summary>When the browser process received the first hub frame showing the expected state, if it did.</summary>
        public double? FrameAt { get; private set; }

        public Task<double> Expect(string state)
        {
            var shown = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _expected = (state, shown);
                FrameAt = null;
                Frames.Clear();
            }

            return shown.Task;
        }

        /// <summary>The frames about this machine since the last <see cref="Expect"/>, for a slow sample's report.</summary>
        private List<(double At, string Text)> Frames { get; } = [];

        public (double At, string Text)[] FramesSoFar()
        {
            lock (_gate)
            {
                return [.. Frames];
            }
        }

        public void Frame(string text, double at)
        {
            lock (_gate)
            {
                Frames.Add((at, text));
                if (FrameAt is null && _expected is { } e && text.Contains($"\"state\":\"{e.State}\"", StringComparison.Ordinal))
                {
                    FrameAt = at;
                }
            }
        }

        public bool Changed(string state, double at)
        {
            lock (_gate)
            {
                State = state;
                if (_expected is { } e && e.State == state)
                {
                    _expected = null;
                    e.Shown.TrySetResult(at);
                }
            }

            return true;
        }
    }
}
