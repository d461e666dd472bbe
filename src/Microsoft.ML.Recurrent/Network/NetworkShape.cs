using System;
using System.IO;
using Microsoft.ML.Recurrent.Persistence;

namespace Microsoft.ML.Recurrent.Network;

/// <summary>The architecture of a <see cref="RecurrentNetwork"/>: all that is needed to rebuild it before loading weights.</summary>
/// <param name="InputSize">Values per time step (D).</param>
/// <param name="CellType">The recurrent cell.</param>
/// <param name="HiddenSize">Hidden size per layer and direction (H).</param>
/// <param name="NumberOfLayers">Stacked layers (L).</param>
/// <param name="Bidirectional">Whether each layer also runs backwards.</param>
/// <param name="Dropout">Dropout between layers and before the output layer.</param>
/// <param name="OutputSize">Outputs per sequence (O).</param>
/// <param name="ExtraInputSize">Values per row given to the output layer beside the final state (E), e.g. known future covariates.</param>
internal sealed record NetworkShape(int InputSize, RecurrentCellType CellType, int HiddenSize, int NumberOfLayers,
    bool Bidirectional, float Dropout, int OutputSize, int ExtraInputSize)
{
    /// <summary>Number of directions (1 or 2).</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Size of the final state fed to the output layer: directions × hidden size.</summary>
    public int FinalStateSize => Directions * HiddenSize;

    /// <summary>Values in a row's complete state (initial or final), PyTorch's layout flattened: h as
    /// (L·K, H) row-major, then for an LSTM c of the same shape.</summary>
    public int StateSize => StateSizeOf(CellType, NumberOfLayers, Bidirectional, HiddenSize);

    /// <summary>Tensors in a complete state (P): 2 for an LSTM (h and c), 1 otherwise.</summary>
    public int StateParts => CellType == RecurrentCellType.Lstm ? 2 : 1;

    /// <summary>The formula of <see cref="StateSize"/> with this network's numbers, for error messages.</summary>
    public string StateSizeFormula => StateFormulaOf(CellType, NumberOfLayers, Bidirectional, HiddenSize);

    /// <summary>Values in a complete state: (2 for an LSTM, else 1) × layers × directions × hidden size.</summary>
    public static int StateSizeOf(RecurrentCellType cell, int layers, bool bidirectional, int hidden)
        => (cell == RecurrentCellType.Lstm ? 2 : 1) * layers * (bidirectional ? 2 : 1) * hidden;

    /// <summary>"2 (h and c) × 2 layers × 1 direction × 8 hidden = 32", for error messages.</summary>
    public static string StateFormulaOf(RecurrentCellType cell, int layers, bool bidirectional, int hidden)
    {
        string parts = cell == RecurrentCellType.Lstm ? "2 (h and c)" : "1 (h)";
        int directions = bidirectional ? 2 : 1;
        return $"{parts} × {layers} layer{(layers == 1 ? "" : "s")} × {directions} direction{(directions == 1 ? "" : "s")} × {hidden} hidden = {StateSizeOf(cell, layers, bidirectional, hidden)}";
    }

    /// <summary>The number of parameters of the recurrent layers and the output layer (a lower bound of the network's):
    /// per layer and direction, gates × H × (layer input + H + 2 biases), plus (D·H + 1) × O. In doubles, so that a
    /// damaged stored size cannot overflow it.</summary>
    public double MinimumParameterCount
    {
        get
        {
            double gates = CellType switch { RecurrentCellType.Lstm => 4, RecurrentCellType.Gru => 3, _ => 1 };
            double h = HiddenSize, d = Directions;
            double first = d * gates * h * (InputSize + h + 2);
            double next = (NumberOfLayers - 1) * d * gates * h * ((d * h) + h + 2);
            return first + next + (((d * h) + 1) * OutputSize);
        }
    }

    /// <summary>Writes the shape.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(InputSize);
        writer.Write((int)CellType);
        writer.Write(HiddenSize);
        writer.Write(NumberOfLayers);
        writer.Write(Bidirectional);
        writer.Write(Dropout);
        writer.Write(OutputSize);
        writer.Write(ExtraInputSize);
    }

    /// <summary>Reads a shape written by <see cref="Write"/>.</summary>
    public static NetworkShape Read(BinaryReader reader)
    {
        int max = StoredCount.MaxDimension;
        var shape = new NetworkShape(StoredCount.Read(reader, "input values per step", 1, max), (RecurrentCellType)reader.ReadInt32(),
            StoredCount.Read(reader, "hidden units", 1, max), StoredCount.Read(reader, "layers", 1, 1024),
            reader.ReadBoolean(), reader.ReadSingle(), StoredCount.Read(reader, "outputs", 1, max), StoredCount.Read(reader, "extra inputs", 0, max));
        if (!System.Enum.IsDefined(shape.CellType))
            throw new InvalidDataException($"the stored cell type is {(int)shape.CellType}, not one of Rnn, Lstm, Gru");
        if (!(shape.Dropout >= 0 && shape.Dropout < 1))
            throw new InvalidDataException(FormattableString.Invariant($"the stored dropout is {shape.Dropout}, outside [0, 1)"));
        return shape;
    }
}
