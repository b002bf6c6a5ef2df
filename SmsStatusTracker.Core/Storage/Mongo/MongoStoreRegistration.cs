using Microsoft.Extensions.DependencyInjection;

namespace SmsStatusTracker.Core.Storage.Mongo;

internal static class MongoStoreRegistration
{
    // Placeholder until the MongoDB adapter lands in the next commits.
    public static IServiceCollection AddMongoMessageStore(this IServiceCollection services, string connectionString) =>
        throw new NotSupportedException("The MongoDB store is not available in this build; leave ConnectionStrings:Mongo empty.");
}
