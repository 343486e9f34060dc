using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SmartShop.Server.Plant;

public static class PlantSetup
{
    /// <summary>Configuration key naming the plant file (.yaml, .yml or .json).</summary>
    public const string PlantFileKey = "SmartShop:PlantFile";

    /// <summary>Used when <see cref="PlantFileKey"/> is not set: the demo plant in the repository.</summary>
    public const string DefaultPlantFile = "deploy/plants/demo.yaml";

    /// <summary>
    /// Registers the <see cref="PlantCatalog"/> singleton, loaded from <c>SmartShop:PlantFile</c> (default
    /// <see cref="DefaultPlantFile"/>). The file is read when the catalog is first resolved, at the latest when the
    /// host starts, so a missing or invalid file fails start-up with a <see cref="PlantConfigurationException"/>.
    /// </summary>
    /// <remarks>
    /// Loading at resolve time (not here) means configuration added after this call, as test hosts do, is honoured,
    /// and loadedAt comes from the TimeProvider the host finally registers.
    /// </remarks>
    public static WebApplicationBuilder AddPlant(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services =>
        {
            var configured = services.GetRequiredService<IConfiguration>()[PlantFileKey];
            var file = string.IsNullOrWhiteSpace(configured) ? DefaultPlantFile : configured;
            var contentRoot = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var fullPath = PlantFileLocator.Find(file, contentRoot, AppContext.BaseDirectory)
                ?? throw new PlantConfigurationException(
                [
                    new PlantConfigurationError(
                        file,
                        string.Empty,
                        $"file not found (looked in {contentRoot} and the directories above it; set {PlantFileKey} to an existing .yaml, .yml or .json file)"),
                ]);
            return PlantCatalog.Load(fullPath, file, services.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddHostedService<PlantStartupCheck>();
        return builder;
    }

    /// <summary>Resolving the catalog when the host starts turns a bad plant file into a failed start, not a failed request.</summary>
    private sealed class PlantStartupCheck(PlantCatalog catalog) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(catalog);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Finds a plant file named by a possibly relative path.</summary>
public static class PlantFileLocator
{
    /// <summary>
    /// An absolute path is taken as is. A relative one is tried against <paramref name="contentRoot"/>, then against
    /// each directory above it, then against <paramref name="fallbackStart"/> and the directories above that: so the
    /// repository's deploy/plants/demo.yaml is found from the repo root, from <c>dotnet run --project
    /// src/SmartShop.Server</c> and from a test's bin folder alike.
    /// </summary>
    /// <returns>The full path of an existing file, or null.</returns>
    public static string? Find(string file, string contentRoot, string? fallbackStart = null)
    {
        if (Path.IsPathRooted(file))
        {
            return File.Exists(file) ? Path.GetFullPath(file) : null;
        }

        foreach (var start in new[] { contentRoot, fallbackStart })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, file);
                if (File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        return null;
    }
}
