using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartShop.Server.Dashboard;
using SmartShop.Server.Data;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Hosting;

public static class ApiSetup
{
    /// <summary>ProblemDetails errors, JSON conventions, OpenAPI, health checks and the live-update hub.</summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SmartShop MES API";
            document.Info.Description = "Plant configuration, machine status and live updates of the SmartShop manufacturing execution system.";
            return Task.CompletedTask;
        }));
        builder.Services.AddHealthChecks();
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton<IPlantNotifier, SignalRPlantNotifier>();
        builder.Services.AddSingleton<LiveWatchers>();
        builder.Services.AddHostedService<LivePublisher>();
        return builder;
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(DecodeSlashes);

        // The UI's files and the API's documentation are public (the sign-in page is part of the UI); authentication
        // and authorization come after them, so everything else needs a signed-in caller.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "SmartShop MES API v1");
            o.RoutePrefix = "swagger";
            o.DocumentTitle = "SmartShop MES API";
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();

        // /health: the process is up (liveness, no dependencies). /ready: it can serve (database reachable, schema current).
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth })
            .WithTags("Health").AllowAnonymous();
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealth })
            .WithTags("Health").AllowAnonymous();
        app.MapHub<PlantHub>("/hubs/plant");
        return app;
    }

    /// <summary>
    /// Codes on labels may contain '/' (serials, lots: <see cref="Core.Traceability.Codes"/>), which a client sends in a
    /// path segment as %2F. The server leaves %2F encoded in the path so that it does not split the segment, and routing
    /// hands the route value on as it is, still encoded: decoded here, after routing and before the endpoint binds it.
    /// Only %2F: every other escape was decoded once already, and unescaping the whole value would decode it twice.
    /// </summary>
    private static Task DecodeSlashes(HttpContext context, RequestDelegate next)
    {
        var values = context.Request.RouteValues;
        List<string>? encoded = null;
        foreach (var (key, value) in values)
        {
            if (value is string text && text.Contains("%2F", StringComparison.OrdinalIgnoreCase))
            {
                (encoded ??= []).Add(key);
            }
        }

        foreach (var key in encoded ?? [])
        {
            values[key] = ((string)values[key]!).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        }

        return next(context);
    }

    /// <summary>Client-side routes fall back to the UI's index.html (its files are served by <see cref="UseApi"/>).</summary>
    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapFallbackToFile("index.html").AllowAnonymous();

        // An unknown API or hub path is a 404 with ProblemDetails, never the page.
        app.MapFallback("/api/{**path}", static (string? path) => Results.Problem(
            title: "Not found", detail: $"There is no API at /api/{path}.", statusCode: StatusCodes.Status404NotFound)).AllowAnonymous();
        app.MapFallback("/hubs/{**path}", static (string? path) => Results.Problem(
            title: "Not found", detail: $"There is no hub at /hubs/{path}.", statusCode: StatusCodes.Status404NotFound)).AllowAnonymous();
        return app;
    }

    /// <summary>Prints where to point a browser, with the plant and database in use, once Kestrel listens.</summary>
    public static WebApplication PrintBanner(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var catalog = app.Services.GetRequiredService<PlantCatalog>();
            var database = app.Services.GetRequiredService<ResolvedDatabase>();
            var plant = catalog.Plant;
            Console.WriteLine();
            Console.WriteLine($"SmartShop MES is running: {string.Join(" ", addresses)}");
            Console.WriteLine($"  plant    {catalog.Source.File} ({plant.Lines.Count()} lines, {plant.Machines.Count} machines)");
            Console.WriteLine($"  database {database.Describe()}");
            Console.WriteLine($"  API      {addresses.FirstOrDefault()}/swagger");
            if (app.Services.GetRequiredService<Auth.FirstAdmin>() is { GeneratedPassword: { } password } first)
            {
                Console.WriteLine($"  sign in  admin / {password} (the first administrator; also in {first.PasswordFile}: change it after signing in)");
            }

            if (app.Services.GetRequiredService<Auth.FirstAdmin>().DemoUsers)
            {
                Console.WriteLine("  demo     people to try it with (demo only; remove them for real use):");
                foreach (var person in Auth.DemoUsers.People)
                {
                    var ways = new[] { person.Password is { } pw ? $"password {pw}" : null, person.Pin is { } pin ? $"PIN {pin}" : null, person.Badge is { } badge ? $"badge {badge}" : null };
                    Console.WriteLine($"           {person.UserName,-10} {person.Role,-10} {string.Join(", ", ways.OfType<string>())}");
                }
            }
            if (app.Services.GetService<Plc.DemoPlcSim>()?.Endpoint is { } simulator)
            {
                Console.WriteLine($"  plc-sim  {simulator} (the demo plant's simulator, started by the server)");
            }

            Console.WriteLine();
        });
        return app;
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
