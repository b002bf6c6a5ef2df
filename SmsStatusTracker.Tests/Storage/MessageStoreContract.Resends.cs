using SmsStatusTracker.Core.Messages;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>The contract's part for the chain of resends a details page shows.</summary>
public abstract partial class MessageStoreContract
{
    [Fact]
    public async Task FindResendsOfReturnsOnlyTheDirectResendsOfThatMessageOldestFirst()
    {
        var store = await CreateStoreAsync();
        var original = Stored(1, MessageStatus.Undelivered, sid: "SM_original");
        var other = Stored(2, MessageStatus.Failed, sid: "SM_other");
        // Added newest first, so an adapter that returns insertion order fails.
        var second = Stored(5, sid: "SM_resend_2") with { ResentFromId = original.Id };
        var first = Stored(3, sid: "SM_resend_1") with { ResentFromId = original.Id };
        var ofFirst = Stored(4, sid: "SM_resend_of_resend") with { ResentFromId = first.Id };
        var ofOther = Stored(6, sid: "SM_resend_of_other") with { ResentFromId = other.Id };
        foreach (var message in new[] { original, other, second, first, ofFirst, ofOther })
        {
            await store.AddAsync(message, Ct);
        }

        AssertSameMessages([first, second], await store.FindResendsOfAsync(original.Id, Ct));
        AssertSameMessages([ofFirst], await store.FindResendsOfAsync(first.Id, Ct));
        Assert.Empty(await store.FindResendsOfAsync(ofFirst.Id, Ct));
        Assert.Empty(await store.FindResendsOfAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task AResendIsFoundAfterItsStatusChanged()
    {
        var store = await CreateStoreAsync();
        var original = Stored(1, MessageStatus.Undelivered, sid: "SM_original_u");
        var resend = Stored(2, MessageStatus.Queued, sid: "SM_resend_u") with { ResentFromId = original.Id };
        await store.AddAsync(original, Ct);
        await store.AddAsync(resend, Ct);

        await store.UpdateAsync(resend.Id, m => m with { Status = MessageStatus.Delivered }, Ct);

        var found = Assert.Single(await store.FindResendsOfAsync(original.Id, Ct));
        Assert.Equal(MessageStatus.Delivered, found.Status);
    }
}
