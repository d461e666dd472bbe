System.Console.WriteLine("Samples are being written.");
