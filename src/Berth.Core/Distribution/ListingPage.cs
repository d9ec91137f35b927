using System.Text.Json;

namespace Berth.Distribution;

/// <summary>
/// One page of <c>_catalog</c> or <c>tags/list</c>, read a batch of names at a time: the strings of one top-level array
/// property (<c>tags</c>, <c>repositories</c>), other properties skipped unread. A page of a million names never becomes a
/// million strings at once; only the page's bytes (bounded by the page limit) and one batch are held.
/// </summary>
internal sealed class ListingPage(byte[] json, string property)
{
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
    private int _consumed;
    private bool _started;
    private bool _inArray;

    /// <summary>Whether every name has been read.</summary>
    public bool Done { get; private set; }

    /// <summary>Adds up to <paramref name="count"/> further names to <paramref name="into"/>.</summary>
    /// <exception cref="JsonException">The page is not a JSON object whose property is an array of strings.</exception>
    public void Read(List<string> into, int count)
    {
        if (Done)
        {
            return;
        }

        var reader = new Utf8JsonReader(json.AsSpan(_consumed), isFinalBlock: true, _state);
        var added = 0;
        while (added < count && !Done)
        {
            if (!reader.Read())
            {
                throw new JsonException("the page ends before its JSON does");
            }

            if (!_started)
            {
                _started = true;
                if (reader.TokenType == JsonTokenType.Null)
                {
                    // A page that is JSON null has no names.
                    Done = true;
                }
                else if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("the page is not a JSON object");
                }
            }
            else if (_inArray)
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        into.Add(reader.GetString()!);
                        added++;
                        break;
                    case JsonTokenType.EndArray:
                        _inArray = false;
                        break;
                    default:
                        throw new JsonException($"\"{property}\" holds a {reader.TokenType} where a name belongs");
                }
            }
            else if (reader.TokenType == JsonTokenType.EndObject)
            {
                Done = true;
            }
            else
            {
                // A property of the page object.
                var wanted = reader.ValueTextEquals(property);
                reader.Read();
                if (wanted && reader.TokenType == JsonTokenType.StartArray)
                {
                    _inArray = true;
                }
                else if (wanted && reader.TokenType != JsonTokenType.Null)
                {
                    throw new JsonException($"\"{property}\" is not an array");
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        _consumed += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }
}
