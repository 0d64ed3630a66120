Console.WriteLine("hipay-mirakl");
