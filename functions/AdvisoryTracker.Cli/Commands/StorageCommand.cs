using AdvisoryTracker.Cli.LocalRunner;
using AdvisoryTracker.Cli.Terminal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// A command over the product's storage and queues: the services of <see cref="ServiceHost"/> with the local runner's
/// settings (local.settings.json, then the environment), plus, for tests, settings over them.
/// </summary>
internal abstract class StorageCommand(Action<IConfigurationBuilder>? configure) : CliCommand
{
    /// <param name="rewrite">Replaces the resulting settings (see <see cref="ServiceHost.Build"/>).</param>
    protected ServiceProvider BuildServices(Func<IEnumerable<KeyValuePair<string, string?>>, IEnumerable<KeyValuePair<string, string?>>>? rewrite = null) =>
        ServiceHost.Build(configure, rewrite);
}
