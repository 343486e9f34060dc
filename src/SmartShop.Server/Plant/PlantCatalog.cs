using SmartShop.Core.Plant;

namespace SmartShop.Server.Plant;

/// <summary>Which file the running plant came from, so that figures can be traced to their configuration.</summary>
/// <param name="File">The file as configured (e.g. deploy/plants/demo.yaml).</param>
/// <param name="FullPath">Where it was found on disk.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="LoadedAt">When this server loaded it (UTC).</param>
/// <param name="Content">The file's text, for recording plant revisions.</param>
public sealed record PlantSource(string File, string FullPath, string Sha256, DateTimeOffset LoadedAt, string Content);

/// <summary>
/// The plant the server runs with, loaded once at start-up (singleton). Read-only: a changed plant file takes effect
/// on restart, so every figure of a run refers to one plant revision.
/// </summary>
public sealed class PlantCatalog(PlantDefinition plant, PlantSource source)
{
    public PlantDefinition Plant { get; } = plant;

    public PlantSource Source { get; } = source;

    /// <summary>Loads and validates a plant file; throws <see cref="PlantConfigurationException"/> listing every problem.</summary>
    public static PlantCatalog Load(string fullPath, string displayName, TimeProvider timeProvider)
    {
        var result = PlantLoader.LoadFile(fullPath, displayName);
        var plant = result.GetPlantOrThrow();
        return new PlantCatalog(
            plant,
            new PlantSource(displayName, fullPath, result.Sha256!, timeProvider.GetUtcNow(), result.Content!));
    }
}
