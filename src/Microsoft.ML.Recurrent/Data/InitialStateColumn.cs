using System;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Network;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>
/// The column holding each row's complete initial state: a known-size <c>Vector&lt;Single&gt;</c> in PyTorch's layout,
/// h as (layers × directions, hidden size) row-major, then for an LSTM c of the same shape. Checks the column's type and
/// size against the network, and reads and checks each row's values.
/// </summary>
internal sealed class InitialStateColumn
{
    private readonly RecurrentCellType _cell;
    private readonly int _layers;
    private readonly bool _bidirectional;
    private readonly int _hidden;

    private InitialStateColumn(string name, RecurrentCellType cell, int layers, bool bidirectional, int hidden)
    {
        Name = name;
        _cell = cell;
        _layers = layers;
        _bidirectional = bidirectional;
        _hidden = hidden;
        Size = NetworkShape.StateSizeOf(cell, layers, bidirectional, hidden);
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>Values per row: (2 for an LSTM, else 1) × layers × directions × hidden size.</summary>
    public int Size { get; }

    /// <summary>The column the options name for the network they describe; null when they name none.</summary>
    public static InitialStateColumn? Of(RecurrentSupervisedOptions options)
        => options.InitialStateColumnName is string name
            ? new InitialStateColumn(name, options.CellType, options.NumberOfLayers, options.Bidirectional, options.HiddenSize)
            : null;

    /// <summary>The column <paramref name="name"/> for a trained network; null when <paramref name="name"/> is null.</summary>
    public static InitialStateColumn? Of(string? name, NetworkShape shape)
        => name is null ? null : new InitialStateColumn(name, shape.CellType, shape.NumberOfLayers, shape.Bidirectional, shape.HiddenSize);

    /// <summary>The column in <paramref name="schema"/>, after checking it exists and is a Vector&lt;Single&gt; of <see cref="Size"/>.</summary>
    /// <param name="schema">The data's schema.</param>
    /// <param name="scoring">Whether the data is scored by a trained model (the error then says so).</param>
    public DataViewSchema.Column Find(DataViewSchema schema, bool scoring)
    {
        var column = schema.GetColumnOrNull(Name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), scoring
                ? ErrorMessages.InitialStateScoringColumnMissing(Name, schema)
                : ErrorMessages.MissingColumn("InitialState", Name, schema));
        CheckType(column.Type);
        return column;
    }

    /// <summary>Throws unless <paramref name="type"/> is a Vector&lt;Single&gt; of exactly <see cref="Size"/> values.</summary>
    public void CheckType(DataViewType type)
    {
        if (type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single || vector.Size != Size)
            throw new ArgumentException(ErrorMessages.InitialStateType(Name, ErrorMessages.Describe(type), Size, Formula));
    }

    /// <summary>Throws unless a <see cref="SchemaShape"/> column is a vector of Single (its size is checked at <c>Fit</c>).</summary>
    public void CheckShape(SchemaShape.Column column)
    {
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
        {
            string received = column.Kind == SchemaShape.Column.VectorKind.Scalar ? ErrorMessages.Describe(column.ItemType)
                : $"Vector<{ErrorMessages.Describe(column.ItemType)}{(column.Kind == SchemaShape.Column.VectorKind.VariableVector ? " of varying size" : "")}>";
            throw new ArgumentException(ErrorMessages.InitialStateType(Name, received, Size, Formula));
        }
    }

    /// <summary>A reader of the current row's state, checked, into a reused array.</summary>
    public Func<ReadOnlyMemory<float>> CreateReader(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<VBuffer<float>>(column);
        var values = new float[Size];
        VBuffer<float> buffer = default;
        return () =>
        {
            getter(ref buffer);
            if (buffer.Length != Size)
                throw new InvalidOperationException(ErrorMessages.InitialStateRowLength(Name, row.Position, buffer.Length, Size, Formula));
            buffer.CopyTo(values);
            Check(values, row.Position);
            return values;
        };
    }

    /// <summary>Throws on the first NaN or infinity of row <paramref name="row"/>'s state, naming where it is.</summary>
    public void Check(ReadOnlySpan<float> values, long row)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                int directions = _bidirectional ? 2 : 1, perPart = _layers * directions * _hidden;
                int layerDirection = i % perPart / _hidden;
                string where = $"{(i / perPart == 0 ? "h" : "c")}, layer {layerDirection / directions}, direction {layerDirection % directions}, unit {i % _hidden}";
                throw new InvalidOperationException(ErrorMessages.InitialStateNotFinite(Name, row, i, values[i], where));
            }
        }
    }

    private string Formula => NetworkShape.StateFormulaOf(_cell, _layers, _bidirectional, _hidden);
}
