Console.WriteLine("AdvisoryTracker CLI");
