using System.IO;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>The classes of a key label: their count and, when the key has them, their values (kept with the model so
/// the predicted keys carry the same <c>KeyValues</c> and <c>MapKeyToValue</c> works downstream).</summary>
internal sealed class ClassKeys
{
    /// <summary>Number of classes.</summary>
    public int Count { get; private set; }

    /// <summary>The label's key values, or null.</summary>
    public KeyValuesAnnotation? Values { get; private set; }

    /// <summary>Class names (the key values, or "0", "1", … when there are none).</summary>
    public string[] Names => Values?.Names ?? Enumerable.Range(0, Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The classes of <paramref name="label"/>, whose key type is <paramref name="key"/>.</summary>
    public static ClassKeys Of(DataViewSchema.Column label, KeyDataViewType key)
    {
        var values = KeyValuesAnnotation.From(label);
        return new ClassKeys { Count = (int)key.Count, Values = values is not null && values.Names.Length == (int)key.Count ? values : null };
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        writer.Write(Values is not null);
        Values?.Write(writer);
    }

    public static ClassKeys Read(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 2)
            throw new InvalidDataException($"the stored class count {count} is below 2");
        return new ClassKeys { Count = count, Values = reader.ReadBoolean() ? KeyValuesAnnotation.Read(reader) : null };
    }
}
