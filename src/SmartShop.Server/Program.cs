using SmartShop.Server.Andon;
using SmartShop.Server.Audit;
using SmartShop.Server.Auth;
using SmartShop.Server.Data;
using SmartShop.Server.Downtime;
using SmartShop.Server.Hosting;
using SmartShop.Server.Machines;
using SmartShop.Server.Oee;
using SmartShop.Server.Plant;
using SmartShop.Server.Plc;
using SmartShop.Server.Shifts;
using SmartShop.Server.Terminal;
using SmartShop.Server.Traceability;
using SmartShop.Server.WorkOrders;

if (await SmartShopCli.TryRunAsync(args) is { } exitCode)
{
    return exitCode;
}

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddApi();
    builder.AddAuth();
    builder.AddDatabase();
    builder.AddPlant();
    builder.AddMachineGrains();
    builder.AddPlcConnector();
    builder.AddWorkOrders();
    builder.AddTraceability();
    builder.AddAndon();
    app = builder.Build();
    await app.Services.MigrateDatabaseAsync();
    await app.Services.RecordPlantRevisionAsync();
    await app.Services.PrepareSignInAsync();
}
catch (Exception ex) when (ex is PlantConfigurationException or DatabaseConfigurationException or SettingException)
{
    await Console.Error.WriteLineAsync($"SmartShop cannot start: {ex.Message}");
    return 2;
}

app.UseApi();
app.MapAuth();
app.MapAudit();
app.MapPlant();
app.MapMachines();
app.MapPlc();
app.MapOee();
app.MapDowntime();
app.MapWorkOrders();
app.MapLots();
app.MapUnits();
app.MapTrace();
app.MapAndon();
app.MapHandover();
app.MapStations();
app.MapWebUi();
app.PrintBanner();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
