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
    protected ServiceProvider BuildServices() => ServiceHost.Build(configure);
}
