using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Web.Identity;

/// <summary>A key as the API keys page lists it, with its owner's email.</summary>
public sealed record ApiKeyRow(ApiKey Key, string OwnerEmail);
