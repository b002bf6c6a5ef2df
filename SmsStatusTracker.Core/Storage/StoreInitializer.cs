using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmsStatusTracker.Core.Storage;

/// <summary>Prepares the store before the app takes requests, and says which one is in use.</summary>
internal sealed class StoreInitializer(IMessageStore store, ApiKeys.IApiKeyStore apiKeys, ILogger<StoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await apiKeys.InitializeAsync(cancellationToken);
        logger.LogInformation("Message store: {Store}", store.Description);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
