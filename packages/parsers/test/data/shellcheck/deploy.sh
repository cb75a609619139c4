#!/bin/sh
target=$1
rm -rf $target/*
cd /tmp
echo `date`
if [ $target == "prod" ]; then
  echo "deploying"
fi
