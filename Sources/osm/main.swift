// The `osm` executable: parse the command line and run the command — nothing else.
import OSMCommands

await OSM.runMain()
