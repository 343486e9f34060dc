using SmartShop.Grains.Hosting;

namespace SmartShop.Server.Machines;

public static class MachineSetup
{
    /// <summary>
    /// The grain runtime with SmartShop's grains. Grain state goes to the SmartShop database (registered by
    /// AddDatabase as the "Default" grain storage, which must therefore come first).
    /// </summary>
    public static WebApplicationBuilder AddMachineGrains(this WebApplicationBuilder builder)
    {
        builder.Services.AddSilo(silo => silo.AddGrainsFromAssembly(typeof(MachineGrain).Assembly));
        builder.Services.AddOptions<Oee.OeeOptions>().Bind(builder.Configuration.GetSection(Oee.OeeOptions.Section));
        builder.Services.AddSingleton<Oee.LedgerStore>();
        builder.Services.AddSingleton<Oee.OeeQueries>();
        return builder;
    }
}
