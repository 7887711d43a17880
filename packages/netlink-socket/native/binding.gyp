{
  "targets": [
    {
      "target_name": "linx_netlink",
      "sources": [
        "addon.cc",
        "dump-series.cc",
        "errors.cc",
        "named-netns.cc",
        "netns.cc",
        "read-ahead.cc",
        "receiver.cc",
        "socket.cc",
        "socket-receive.cc"
      ],
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"
      ],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-fvisibility=hidden", "-Wall", "-Wextra"],
      "cflags_cc": ["-std=c++17", "-fvisibility=hidden", "-Wall", "-Wextra"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-fno-exceptions"],
      "ldflags": ["-pthread"],
      "conditions": [
        ["OS!='linux'", {"type": "none"}]
      ]
    }
  ]
}
