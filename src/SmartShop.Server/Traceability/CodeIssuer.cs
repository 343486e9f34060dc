using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartShop.Core.Traceability;
using SmartShop.Server.Data;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Traceability;

/// <summary>Code patterns (<c>SmartShop:Traceability</c>), checked at start-up.</summary>
public sealed class TraceabilityOptions
{
    public const string Section = "SmartShop:Traceability";

    /// <summary>Serial numbers of units; the running number counts per order. Default <c>{order}-{seq:00000}</c>.</summary>
    public string SerialPattern { get; set; } = "{order}-{seq:00000}";

    /// <summary>Codes of lots made by splitting and merging, and of received lots without a code; the running number counts per day. Default <c>L{yyMMdd}-{seq:0000}</c>.</summary>
    public string LotPattern { get; set; } = "L{yyMMdd}-{seq:0000}";

    /// <summary>Codes of cases and pallets packed without a label; per day. Default <c>C{yyMMdd}-{seq:00000}</c>.</summary>
    public string ContainerPattern { get; set; } = "C{yyMMdd}-{seq:00000}";

    /// <summary>The start of the URIs EPCIS events use for units, lots, containers and machines. Default <c>urn:smartshop:{enterprise id}:</c>.</summary>
    public string? EpcBase { get; set; }
}

public static class TraceabilitySetup
{
    /// <summary>Code patterns checked now, so a bad one stops the start with its key named.</summary>
    public static WebApplicationBuilder AddTraceability(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TraceabilityOptions.Section);
        CodeIssuer.Check(section.Get<TraceabilityOptions>() ?? new TraceabilityOptions());
        builder.Services.Configure<TraceabilityOptions>(section);
        builder.Services.AddScoped<CodeIssuer>();
        return builder;
    }
}

/// <summary>A bad <c>SmartShop:Traceability</c> setting (which key, why).</summary>
public sealed class TraceabilityConfigurationException(string message) : Hosting.SettingException(message);

/// <summary>
/// Issues codes from the patterns. The running number comes from <c>code_counter</c> by an atomic upsert in the
/// caller's transaction, so two stations never get the same number and a rolled-back action gives its number back.
/// </summary>
public sealed class CodeIssuer(SmartShopDb db, PlantCatalog catalog, IOptions<TraceabilityOptions> options, TimeProvider clock)
{
    public static void Check(TraceabilityOptions options)
    {
        foreach (var (key, text) in new[] { ("SerialPattern", options.SerialPattern), ("LotPattern", options.LotPattern), ("ContainerPattern", options.ContainerPattern) })
        {
            if (CodePattern.TryParse(text, out var error) is null)
            {
                throw new TraceabilityConfigurationException($"{TraceabilityOptions.Section}:{key} '{text}' is not a code pattern: {error}");
            }
        }
    }

    public Task<string> SerialAsync(string orderId, string product, string? lineId, string? machineId, CancellationToken ct) =>
        IssueAsync(options.Value.SerialPattern, $"serial:{orderId}", orderId, product, lineId, machineId, ct);

    public Task<string> LotAsync(string material, CancellationToken ct) =>
        IssueAsync(options.Value.LotPattern, $"lot:{PlantNow():yyyy-MM-dd}", string.Empty, material, null, null, ct);

    public Task<string> ContainerAsync(CancellationToken ct) =>
        IssueAsync(options.Value.ContainerPattern, $"container:{PlantNow():yyyy-MM-dd}", string.Empty, string.Empty, null, null, ct);

    private DateTimeOffset PlantNow() => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), catalog.Plant.Sites[0].TimeZone);

    private async Task<string> IssueAsync(string pattern, string scope, string order, string product, string? line, string? machine, CancellationToken ct)
    {
        // INSERT ... ON CONFLICT ... RETURNING: SQLite 3.35+ and PostgreSQL; atomic under concurrent stations.
        var sequence = (await db.Database.SqlQuery<long>(
            $"INSERT INTO code_counter (scope, next) VALUES ({scope}, 2) ON CONFLICT (scope) DO UPDATE SET next = code_counter.next + 1 RETURNING next - 1 AS \"Value\"")
            .ToListAsync(ct)).Single();
        return CodePattern.Parse(pattern).Format(new CodeContext(order, product, line, machine, PlantNow(), sequence));
    }
}
