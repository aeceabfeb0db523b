using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OciSource.Runtime.Logging;

/// <summary>
/// Writes an event's properties into its line, in the order and with the precedence the former logging library gave them: the state's
/// own properties (without <c>{OriginalFormat}</c>; a <c>@</c> or <c>$</c> prefix is dropped from the name, <c>$</c>
/// writes the value's text), then <c>EventId</c> (<c>{"Id":…,"Name":…}</c>, when the event has one),
/// <c>SourceContext</c> (the category), the scopes' key/value properties from the innermost scope outwards, and
/// <c>Scope</c>: the other scopes (a formatted-message scope as its text, anything else as a value), outermost first.
/// A name already written is not written again, so the event's own properties win over scopes and inner scopes over
/// outer ones. Reused for every event: callers hold the writer's lock.
/// </summary>
internal sealed class LogProperties
{
    /// <summary>The key under which MEL's message templates carry their template text.</summary>
    public const string OriginalFormat = "{OriginalFormat}";

    /// <summary>The template the former library gave an event whose state is not a property list: the message is its <c>State</c> property.</summary>
    public const string StateTemplate = "{State:l}";

    private readonly List<string> _names = [];
    private readonly List<object?> _scopes = [];
    private readonly List<object?> _scopeItems = [];
    private Utf8JsonWriter? _json;
    private string _template = string.Empty;
    private bool _console;

    /// <summary>The event's message template: its <c>{OriginalFormat}</c>, or <see cref="StateTemplate"/>.</summary>
    public static string TemplateOf(in LogRecord record)
    {
        if (record.Properties is IReadOnlyList<KeyValuePair<string, object?>> list)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (list[i] is { Key: OriginalFormat, Value: string template })
                {
                    return template;
                }
            }
        }
        else if (record.Properties is { } properties)
        {
            foreach (var property in properties)
            {
                if (property is { Key: OriginalFormat, Value: string template })
                {
                    return template;
                }
            }
        }

        return StateTemplate;
    }

    /// <summary>
    /// Writes the properties into the open object of <paramref name="json"/>. For the console encoding
    /// (<paramref name="console"/>) properties the message shows (named in <paramref name="template"/>) are left out,
    /// as are the names the console line itself uses (Timestamp, Level, Message, Properties, NewLine, Exception).
    /// </summary>
    public void Write(Utf8JsonWriter json, in LogRecord record, string template, bool console)
    {
        _json = json;
        _template = template;
        _console = console;
        try
        {
            var hasEventId = record.EventId.Id != 0 || record.EventId.Name is not null;
            WriteStateProperties(record.Properties, hasEventId);
            if (record.Properties is null)
            {
                Add("State", record.Message);
            }

            if (hasEventId && Claim("EventId") && !Hidden("EventId"))
            {
                json.WriteStartObject("EventId");
                if (record.EventId.Id != 0)
                {
                    json.WriteNumber("Id", record.EventId.Id);
                }

                if (record.EventId.Name is { } name)
                {
                    json.WriteString("Name", name);
                }

                json.WriteEndObject();
            }

            Add("SourceContext", record.Category);
            WriteScopes(record.Scopes);
        }
        finally
        {
            _names.Clear();
            _scopes.Clear();
            _scopeItems.Clear();
            _json = null;
        }
    }

    private void WriteStateProperties(IEnumerable<KeyValuePair<string, object?>>? properties, bool hasEventId)
    {
        if (properties is IReadOnlyList<KeyValuePair<string, object?>> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                AddStateProperty(list[i], hasEventId);
            }
        }
        else if (properties is not null)
        {
            foreach (var property in properties)
            {
                AddStateProperty(property, hasEventId);
            }
        }
    }

    private void AddStateProperty(KeyValuePair<string, object?> property, bool hasEventId)
    {
        // The former library replaced a state property called EventId with the event's id.
        if (property.Key != OriginalFormat && !(hasEventId && property.Key == "EventId"))
        {
            Add(property.Key, property.Value);
        }
    }

    private void WriteScopes(Microsoft.Extensions.Logging.IExternalScopeProvider? scopes)
    {
        scopes?.ForEachScope(static (scope, self) => self._scopes.Add(scope), this);
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            AddScope(_scopes[i]);
        }

        if (_scopeItems.Count > 0 && Claim("Scope") && !Hidden("Scope"))
        {
            _json!.WriteStartArray("Scope");
            for (var i = _scopeItems.Count - 1; i >= 0; i--)
            {
                LogValue.Write(_json, _scopeItems[i]);
            }

            _json.WriteEndArray();
        }
    }

    private void AddScope(object? scope)
    {
        switch (scope)
        {
            case null:
                break;
            case Dictionary<string, object?> dictionary:
                foreach (var property in dictionary)
                {
                    Add(property.Key, property.Value);
                }

                break;
            case IReadOnlyList<KeyValuePair<string, object?>> list:
                for (var i = 0; i < list.Count; i++)
                {
                    AddScopeProperty(scope, list[i]);
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> properties:
                foreach (var property in properties)
                {
                    AddScopeProperty(scope, property);
                }

                break;
            case ITuple { Length: 2 } pair when pair[0] is string key:
                Add(key, pair[1]);
                break;
            default:
                _scopeItems.Add(scope);
                break;
        }
    }

    private void AddScopeProperty(object scope, KeyValuePair<string, object?> property)
    {
        if (property is { Key: OriginalFormat, Value: string })
        {
            // A scope begun with a message template: the formatted message goes into Scope.
            _scopeItems.Add(scope.ToString());
        }
        else
        {
            Add(property.Key, property.Value);
        }
    }

    private void Add(string key, object? value)
    {
        var name = key;
        if (key.StartsWith('@'))
        {
            name = key[1..];
        }
        else if (key.StartsWith('$'))
        {
            name = key[1..];
            value = value?.ToString();
        }

        if (string.IsNullOrWhiteSpace(name) || !Claim(name) || Hidden(name))
        {
            return;
        }

        // Compact JSON (CLEF) doubles a leading @ so that it cannot be taken for one of the line's own fields.
        _json!.WritePropertyName(!_console && name.StartsWith('@') ? "@" + name : name);
        LogValue.Write(_json, value);
    }

    private bool Claim(string name)
    {
        foreach (var written in _names)
        {
            if (string.Equals(written, name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        _names.Add(name);
        return true;
    }

    private bool Hidden(string name) =>
        _console && (name is "Timestamp" or "Level" or "Message" or "Properties" or "NewLine" or "Exception" || TemplateNames(_template, name));

    /// <summary>Whether <paramref name="template"/> has a hole for <paramref name="name"/>: <c>{name}</c>, <c>{@name:…}</c>, <c>{$name,…}</c>.</summary>
    private static bool TemplateNames(string template, string name)
    {
        for (var i = template.IndexOf(name, StringComparison.Ordinal); i >= 0; i = template.IndexOf(name, i + 1, StringComparison.Ordinal))
        {
            var before = i - 1;
            if (before >= 0 && template[before] is '@' or '$')
            {
                before--;
            }

            var after = i + name.Length;
            if (before >= 0 && template[before] == '{' && after < template.Length && template[after] is '}' or ':' or ',')
            {
                return true;
            }
        }

        return false;
    }
}
