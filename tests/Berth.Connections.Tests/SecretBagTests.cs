using System.Text.Json;

namespace Berth.Connections.Tests;

public sealed class SecretBagTests
{
    private const string Password = "hunter2-very-long-password";
    private const string Token = "ghp_abcdefghijklmnop1234";

    private static SecretBag Bag() => SecretBag.Empty.With("password", Password).With("token", Token);

    [Fact]
    public void To_string_names_fields_and_reveals_no_value()
    {
        var text = Bag().ToString();
        Assert.Equal("SecretBag(password=set, token=set)", text);
        Assert.DoesNotContain("1234", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_to_string_reveals_no_secret()
    {
        var connection = new Connection { OrganizationId = Guid.NewGuid(), Name = "hub", Type = "dockerhub", Url = "docker.io", Secrets = Bag() };
        var text = connection.ToString();
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.Contains("password=set", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_shows_set_not_values_and_cannot_be_read_back()
    {
        var json = JsonSerializer.Serialize(Bag(), TestJsonContext.Default.SecretBag);
        Assert.Equal("""{"password":"set","token":"set"}""", json);
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize(json, TestJsonContext.Default.SecretBag));
    }

    [Theory]
    [InlineData("12345678901", null)]          // 11 characters: too short for a hint
    [InlineData("123456789012", "9012")]       // exactly 12: last four
    [InlineData(Password, "word")]
    [InlineData("", null)]
    public void Hint_is_the_last_four_characters_of_values_of_twelve_or_more(string value, string? hint)
    {
        Assert.Equal(hint, SecretBag.Empty.With("password", value).Hint("password"));
    }

    [Fact]
    public void Is_set_reveal_and_missing_fields()
    {
        var bag = Bag();
        Assert.True(bag.IsSet("token"));
        Assert.False(bag.IsSet("apiKey"));
        Assert.Null(bag.Hint("apiKey"));
        Assert.Equal(Token, bag.Reveal("token"));
        var e = Assert.Throws<SecretNotSetException>(() => bag.Reveal("apiKey"));
        Assert.Contains("'apiKey'", e.Message, StringComparison.Ordinal);
        Assert.False(bag.Without("token").IsSet("token"));
        Assert.Equal(bag, SecretBag.From([new("token", Token), new("password", Password)]));
        Assert.NotEqual(bag, bag.With("token", "other"));
    }
    [Fact]
    public void An_unreadable_secret_counts_as_set_throws_on_use_and_is_replaced_by_a_new_value()
    {
        var bag = SecretBag.Empty.With("token", "tok-value").WithUnreadable("password", "lab", "it fails authentication");

        Assert.True(bag.IsSet("password"));
        Assert.False(bag.IsReadable("password"));
        Assert.False(bag.AllReadable);
        Assert.Equal(["password", "token"], bag.Names);
        Assert.Equal(2, bag.Count);
        Assert.Null(bag.Hint("password"));
        Assert.Equal("SecretBag(password=unreadable, token=set)", bag.ToString());
        Assert.Equal("""{"password":"unreadable","token":"set"}""",
            System.Text.Json.JsonSerializer.Serialize(bag, TestJsonContext.Default.SecretBag));
        var e = Assert.Throws<ConnectionUnreadableException>(() => bag.Reveal("password"));
        Assert.Contains("connection 'lab': stored secret 'password' is unreadable (it fails authentication)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ConnectionUnreadableException>(() => bag.TryReveal("password", out _));
        Assert.NotEqual(bag, SecretBag.Empty.With("token", "tok-value"));

        var repaired = bag.With("password", "new-value");
        Assert.True(repaired.AllReadable);
        Assert.Equal("new-value", repaired.Reveal("password"));
        Assert.True(bag.Without("password").AllReadable);
    }
}
