using System;
using System.Globalization;
using System.IO;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>The <c>KeyValues</c> annotation of a key label, kept with the model so that <c>PredictedLabel</c> carries it
/// (and <c>MapKeyToValue</c> works downstream). Text and number values are kept with their type.</summary>
internal sealed class KeyValuesAnnotation
{
    private const string KeyValuesKind = "KeyValues";
    private const string SlotNamesKind = "SlotNames";

    private readonly TypeCode _type;
    private readonly string[] _values;

    private KeyValuesAnnotation(TypeCode type, string[] values)
    {
        _type = type;
        _values = values;
    }

    /// <summary>The values as text, one per class.</summary>
    public string[] Names => _values;

    /// <summary>Reads the label's key values, or null when it has none of a supported type.</summary>
    public static KeyValuesAnnotation? From(DataViewSchema.Column label)
    {
        var column = label.Annotations.Schema.GetColumnOrNull(KeyValuesKind);
        if (column is null || column.Value.Type is not VectorDataViewType vector)
            return null;
        var raw = vector.ItemType.RawType;
        if (raw == typeof(ReadOnlyMemory<char>))
            return Read<ReadOnlyMemory<char>>(label, TypeCode.String, v => v.ToString());
        if (raw == typeof(float))
            return Read<float>(label, TypeCode.Single, v => v.ToString("R", CultureInfo.InvariantCulture));
        if (raw == typeof(double))
            return Read<double>(label, TypeCode.Double, v => v.ToString("R", CultureInfo.InvariantCulture));
        if (raw == typeof(int))
            return Read<int>(label, TypeCode.Int32, v => v.ToString(CultureInfo.InvariantCulture));
        if (raw == typeof(uint))
            return Read<uint>(label, TypeCode.UInt32, v => v.ToString(CultureInfo.InvariantCulture));
        if (raw == typeof(long))
            return Read<long>(label, TypeCode.Int64, v => v.ToString(CultureInfo.InvariantCulture));
        if (raw == typeof(bool))
            return Read<bool>(label, TypeCode.Boolean, v => v.ToString(CultureInfo.InvariantCulture));
        return null;
    }

    /// <summary>Adds the <c>KeyValues</c> annotation to a builder.</summary>
    public void AddKeyValues(DataViewSchema.Annotations.Builder builder) => Add(builder, KeyValuesKind);

    /// <summary>Adds the values as <c>SlotNames</c> (always text).</summary>
    public static void AddSlotNames(DataViewSchema.Annotations.Builder builder, string[] names)
    {
        var type = new VectorDataViewType(TextDataViewType.Instance, names.Length);
        builder.Add(SlotNamesKind, type, (ref VBuffer<ReadOnlyMemory<char>> v) => v = Text(names));
    }

    /// <summary>The item type of the values.</summary>
    public PrimitiveDataViewType ItemType => _type switch
    {
        TypeCode.Single => NumberDataViewType.Single,
        TypeCode.Double => NumberDataViewType.Double,
        TypeCode.Int32 => NumberDataViewType.Int32,
        TypeCode.UInt32 => NumberDataViewType.UInt32,
        TypeCode.Int64 => NumberDataViewType.Int64,
        TypeCode.Boolean => BooleanDataViewType.Instance,
        _ => TextDataViewType.Instance,
    };

    /// <summary>Writes the type and values.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write((int)_type);
        writer.Write(_values.Length);
        foreach (var v in _values)
            writer.Write(v);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static KeyValuesAnnotation Read(BinaryReader reader)
    {
        var type = (TypeCode)reader.ReadInt32();
        var values = new string[Persistence.StoredCount.Read(reader, "key values")];
        for (int i = 0; i < values.Length; i++)
            values[i] = reader.ReadString();
        return new KeyValuesAnnotation(type, values);
    }

    private void Add(DataViewSchema.Annotations.Builder builder, string kind)
    {
        var type = new VectorDataViewType(ItemType, _values.Length);
        switch (_type)
        {
            case TypeCode.Single: AddTyped(builder, kind, type, s => float.Parse(s, CultureInfo.InvariantCulture)); break;
            case TypeCode.Double: AddTyped(builder, kind, type, s => double.Parse(s, CultureInfo.InvariantCulture)); break;
            case TypeCode.Int32: AddTyped(builder, kind, type, s => int.Parse(s, CultureInfo.InvariantCulture)); break;
            case TypeCode.UInt32: AddTyped(builder, kind, type, s => uint.Parse(s, CultureInfo.InvariantCulture)); break;
            case TypeCode.Int64: AddTyped(builder, kind, type, s => long.Parse(s, CultureInfo.InvariantCulture)); break;
            case TypeCode.Boolean: AddTyped(builder, kind, type, bool.Parse); break;
            default: builder.Add(kind, type, (ref VBuffer<ReadOnlyMemory<char>> v) => v = Text(_values)); break;
        }
    }

    private void AddTyped<T>(DataViewSchema.Annotations.Builder builder, string kind, VectorDataViewType type, Func<string, T> parse)
    {
        var values = Array.ConvertAll(_values, s => parse(s));
        builder.Add(kind, type, (ref VBuffer<T> v) => v = new VBuffer<T>(values.Length, (T[])values.Clone()));
    }

    private static VBuffer<ReadOnlyMemory<char>> Text(string[] names)
        => new(names.Length, Array.ConvertAll(names, n => n.AsMemory()));

    private static KeyValuesAnnotation Read<T>(DataViewSchema.Column label, TypeCode type, Func<T, string> format)
    {
        VBuffer<T> buffer = default;
        label.Annotations.GetValue(KeyValuesKind, ref buffer);
        var dense = buffer.DenseValues();
        var values = new System.Collections.Generic.List<string>();
        foreach (var v in dense)
            values.Add(format(v));
        return new KeyValuesAnnotation(type, values.ToArray());
    }
}
