echo "loaded"
