using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>The <c>KeyValues</c> annotation of a key label, kept with the model so that <c>PredictedLabel</c> carries it
/// (and <c>MapKeyToValue</c> works downstream). The values are kept with their type: text, Boolean, every number type,
/// <see cref="DateTime"/>, <see cref="TimeSpan"/>, <see cref="DateTimeOffset"/> and key (all that <c>MapValueToKey</c> makes).</summary>
internal sealed class KeyValuesAnnotation
{
    private const string KeyValuesKind = "KeyValues";
    private const string SlotNamesKind = "SlotNames";

    /// <summary>The stored codes of the types <see cref="TypeCode"/> has no member for (beyond its range).</summary>
    private const int TimeSpanCode = 100;
    private const int DateTimeOffsetCode = 101;

    /// <summary>The stored code of key values (a key label mapped to keys again), followed by the <see cref="TypeCode"/>
    /// of the key's raw type and the key's count.</summary>
    private const int KeyCode = 102;

    /// <summary>The supported value types. A model file stores each one's code: models saved before the wider support
    /// hold the <see cref="TypeCode"/> of text, Single, Double, Int32, UInt32, Int64 or Boolean, which keep their codes.</summary>
    private static readonly ValueKind[] Kinds =
    {
        new ValueKind<ReadOnlyMemory<char>>((int)TypeCode.String, TextDataViewType.Instance, v => v.ToString(), s => s.AsMemory()),
        new ValueKind<bool>((int)TypeCode.Boolean, BooleanDataViewType.Instance, v => v.ToString(CultureInfo.InvariantCulture), bool.Parse),
        new ValueKind<sbyte>((int)TypeCode.SByte, NumberDataViewType.SByte, v => v.ToString(CultureInfo.InvariantCulture), s => sbyte.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new ValueKind<byte>((int)TypeCode.Byte, NumberDataViewType.Byte, v => v.ToString(CultureInfo.InvariantCulture), s => byte.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new ValueKind<short>((int)TypeCode.Int16, NumberDataViewType.Int16, v => v.ToString(CultureInfo.InvariantCulture), s => short.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new ValueKind<ushort>((int)TypeCode.UInt16, NumberDataViewType.UInt16, v => v.ToString(CultureInfo.InvariantCulture), s => ushort.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new ValueKind<int>((int)TypeCode.Int32, NumberDataViewType.Int32, v => v.ToString(CultureInfo.InvariantCulture), s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new ValueKind<uint>((int)TypeCode.UInt32, NumberDataViewType.UInt32, v => v.ToString(CultureInfo.InvariantCulture), s => uint.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new ValueKind<long>((int)TypeCode.Int64, NumberDataViewType.Int64, v => v.ToString(CultureInfo.InvariantCulture), s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new ValueKind<ulong>((int)TypeCode.UInt64, NumberDataViewType.UInt64, v => v.ToString(CultureInfo.InvariantCulture), s => ulong.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new ValueKind<float>((int)TypeCode.Single, NumberDataViewType.Single, v => v.ToString("R", CultureInfo.InvariantCulture), s => float.Parse(s, CultureInfo.InvariantCulture)),
        new ValueKind<double>((int)TypeCode.Double, NumberDataViewType.Double, v => v.ToString("R", CultureInfo.InvariantCulture), s => double.Parse(s, CultureInfo.InvariantCulture)),
        new ValueKind<DateTime>((int)TypeCode.DateTime, DateTimeDataViewType.Instance, v => v.ToString("O", CultureInfo.InvariantCulture),
            s => DateTime.ParseExact(s, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
        new ValueKind<TimeSpan>(TimeSpanCode, TimeSpanDataViewType.Instance, v => v.ToString("c", CultureInfo.InvariantCulture),
            s => TimeSpan.ParseExact(s, "c", CultureInfo.InvariantCulture)),
        new ValueKind<DateTimeOffset>(DateTimeOffsetCode, DateTimeOffsetDataViewType.Instance, v => v.ToString("O", CultureInfo.InvariantCulture),
            s => DateTimeOffset.ParseExact(s, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
    };

    private readonly ValueKind _kind;
    private readonly string[] _values;

    private KeyValuesAnnotation(ValueKind kind, string[] values)
    {
        _kind = kind;
        _values = values;
    }

    /// <summary>The values as text, one per class.</summary>
    public string[] Names => _values;

    /// <summary>The item type of the values.</summary>
    public PrimitiveDataViewType ItemType => _kind.Type;

    /// <summary>Reads the label's key values, or null when it has none.</summary>
    /// <exception cref="ArgumentException">The label's key values are of a type the model cannot keep.</exception>
    public static KeyValuesAnnotation? From(DataViewSchema.Column label)
    {
        var column = label.Annotations.Schema.GetColumnOrNull(KeyValuesKind);
        if (column is null)
            return null;
        var itemType = column.Value.Type is VectorDataViewType vector ? vector.ItemType : null;
        if (itemType is KeyDataViewType key && ForKey(key) is ValueKind keyKind)
            return new KeyValuesAnnotation(keyKind, keyKind.Names(label));
        foreach (var kind in Kinds)
        {
            if (kind.Type.Equals(itemType))
                return new KeyValuesAnnotation(kind, kind.Names(label));
        }

        throw new ArgumentException(
            $"The label column '{label.Name}' has KeyValues of type {column.Value.Type}, which the model cannot keep for its predicted keys; " +
            "KeyValues of text, Boolean, number, DateTime, TimeSpan, DateTimeOffset or key items are supported. " +
            "Convert the label to text before MapValueToKey (e.g. with ConvertType to String, or a custom mapping).", nameof(label));
    }

    /// <summary>Adds the <c>KeyValues</c> annotation to a builder.</summary>
    public void AddKeyValues(DataViewSchema.Annotations.Builder builder) => _kind.Add(builder, KeyValuesKind, _values);

    /// <summary>Adds the values as <c>SlotNames</c> (always text).</summary>
    public static void AddSlotNames(DataViewSchema.Annotations.Builder builder, string[] names)
    {
        var type = new VectorDataViewType(TextDataViewType.Instance, names.Length);
        builder.Add(SlotNamesKind, type, (ref VBuffer<ReadOnlyMemory<char>> v) => v = Text(names));
    }

    /// <summary>Writes the type and values.</summary>
    public void Write(BinaryWriter writer)
    {
        _kind.WriteType(writer);
        writer.Write(_values.Length);
        foreach (var v in _values)
            writer.Write(v);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The stored type is unknown or a value does not parse as it.</exception>
    public static KeyValuesAnnotation Read(BinaryReader reader)
    {
        int code = reader.ReadInt32();
        var kind = code == KeyCode ? ReadKey(reader) : Array.Find(Kinds, k => k.Code == code) ?? throw new InvalidDataException($"the stored key value type {code} is unknown");
        var values = new string[Persistence.StoredCount.Read(reader, "key values")];
        for (int i = 0; i < values.Length; i++)
            values[i] = reader.ReadString();
        kind.Check(values);
        return new KeyValuesAnnotation(kind, values);
    }

    /// <summary>The kind of values of key type <paramref name="key"/>: the number kind of its raw type, typed as the key;
    /// null for a raw type keys cannot have.</summary>
    private static ValueKind? ForKey(KeyDataViewType key)
        => Array.Find(Kinds, k => k.Type is NumberDataViewType && k.Type.RawType == key.RawType)?.As(KeyCode, key);

    /// <summary>Reads the raw type and count that follow <see cref="KeyCode"/>.</summary>
    private static ValueKind ReadKey(BinaryReader reader)
    {
        var rawCode = (TypeCode)reader.ReadInt32();
        ulong count = reader.ReadUInt64();
        var raw = rawCode switch
        {
            TypeCode.Byte => typeof(byte),
            TypeCode.UInt16 => typeof(ushort),
            TypeCode.UInt32 => typeof(uint),
            TypeCode.UInt64 => typeof(ulong),
            _ => throw new InvalidDataException($"the stored key values' raw type {(int)rawCode} is not a key type's"),
        };
        KeyDataViewType key;
        try
        {
            key = new KeyDataViewType(raw, count);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"the stored key values' key count {count} is invalid for {raw.Name}", e);
        }

        return ForKey(key)!;
    }

    private static VBuffer<ReadOnlyMemory<char>> Text(string[] names)
        => new(names.Length, Array.ConvertAll(names, n => n.AsMemory()));

    /// <summary>A supported value type: its stored code, its ML.NET type and its conversions to and from text.</summary>
    private abstract class ValueKind
    {
        protected ValueKind(int code, PrimitiveDataViewType type)
        {
            Code = code;
            Type = type;
        }

        /// <summary>The code a model file stores for the type.</summary>
        public int Code { get; }

        /// <summary>The item type of the values.</summary>
        public PrimitiveDataViewType Type { get; }

        /// <summary>Writes the type: its code and, for keys, the raw type and count.</summary>
        public void WriteType(BinaryWriter writer)
        {
            writer.Write(Code);
            if (Type is KeyDataViewType key)
            {
                writer.Write((int)System.Type.GetTypeCode(key.RawType));
                writer.Write(key.Count);
            }
        }

        /// <summary>The same conversions for values of another type with the same raw type (keys).</summary>
        public abstract ValueKind As(int code, PrimitiveDataViewType type);

        /// <summary>The label's key values as text.</summary>
        public abstract string[] Names(DataViewSchema.Column label);

        /// <summary>Adds the values, typed, as the annotation <paramref name="annotation"/>.</summary>
        public abstract void Add(DataViewSchema.Annotations.Builder builder, string annotation, string[] values);

        /// <summary>Checks that every stored value parses as the type.</summary>
        public abstract void Check(string[] values);
    }

    private sealed class ValueKind<T> : ValueKind
    {
        private readonly Func<T, string> _format;
        private readonly Func<string, T> _parse;

        public ValueKind(int code, PrimitiveDataViewType type, Func<T, string> format, Func<string, T> parse)
            : base(code, type)
        {
            _format = format;
            _parse = parse;
        }

        public override ValueKind As(int code, PrimitiveDataViewType type) => new ValueKind<T>(code, type, _format, _parse);

        public override string[] Names(DataViewSchema.Column label)
        {
            VBuffer<T> buffer = default;
            label.Annotations.GetValue(KeyValuesKind, ref buffer);
            var names = new List<string>(buffer.Length);
            foreach (var v in buffer.DenseValues())
                names.Add(_format(v));
            return names.ToArray();
        }

        public override void Add(DataViewSchema.Annotations.Builder builder, string annotation, string[] values)
        {
            var typed = Array.ConvertAll(values, s => _parse(s));
            var type = new VectorDataViewType(Type, typed.Length);
            builder.Add(annotation, type, (ref VBuffer<T> v) => v = new VBuffer<T>(typed.Length, (T[])typed.Clone()));
        }

        public override void Check(string[] values)
        {
            foreach (var s in values)
            {
                try
                {
                    _parse(s);
                }
                catch (Exception e) when (e is FormatException or OverflowException)
                {
                    throw new InvalidDataException($"the stored key value '{s}' is not a {Type}", e);
                }
            }
        }
    }
}
