using Microsoft.AspNetCore.Http.HttpResults;

namespace SmartShop.Server.Plc;

public static class PlcSetup
{
    /// <summary>The OPC UA connector (configuration section <c>Plc</c>), started with the host.</summary>
    public static WebApplicationBuilder AddPlcConnector(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlcOptions>().Bind(builder.Configuration.GetSection(PlcOptions.Section));
        builder.Services.AddSingleton<DemoPlcSim>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DemoPlcSim>()); // before the connector
        builder.Services.AddSingleton<PlcConnector>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PlcConnector>());
        builder.Services.AddSingleton<WorkOrders.IMachineJobs>(services => services.GetRequiredService<PlcConnector>());
        return builder;
    }

    public static IEndpointRouteBuilder MapPlc(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/plc/endpoints", (PlcConnector connector) => TypedResults.Ok(connector.Endpoints.Select(EndpointResponse.From).ToArray()))
            .WithTags("PLC")
            .WithSummary("The OPC UA servers the MES reads, and their connections");
        return app;
    }
}

public sealed record EndpointResponse(
    string Url,
    IReadOnlyList<string> MachineIds,
    bool Connected,
    DateTimeOffset? Since,
    string? LastError,
    int SubscribedSignals,
    int MappedSignals,
    int Reconnects,
    string? LastRecovery,
    long SamplesReceived)
{
    public static EndpointResponse From(EndpointStatus s) =>
        new(s.Url, s.MachineIds, s.IsConnected, s.Since, s.IsConnected ? null : s.LastError, s.Items, s.Signals, s.Reconnects, s.LastRecovery, s.SamplesReceived);
}
