using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>Reads a Single or Double column as a double.</summary>
internal static class NumberReader
{
    public static Func<double> Create(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Single)
        {
            var getter = row.GetGetter<float>(column);
            float value = 0;
            return () => { getter(ref value); return value; };
        }
        else
        {
            var getter = row.GetGetter<double>(column);
            double value = 0;
            return () => { getter(ref value); return value; };
        }
    }
}
