using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>Every message names the key to set.</summary>
public sealed class MongoOperationOptionsValidator : IValidateOptions<MongoOperationOptions>
{
    public ValidateOptionsResult Validate(string? name, MongoOperationOptions options) =>
        options.OperationTimeout < MongoOperationOptions.MinOperationTimeout || options.OperationTimeout > MongoOperationOptions.MaxOperationTimeout
            ? ValidateOptionsResult.Fail(
                $"Mongo:OperationTimeout must be between {MongoOperationOptions.MinOperationTimeout} and " +
                $"{MongoOperationOptions.MaxOperationTimeout} (Twilio gives up on a callback after 15 s), e.g. 00:00:05.")
            : ValidateOptionsResult.Success;
}
