import type en from "./en.ts";

const zhCN: typeof en = {
  app: {
    name: "SmartShop",
    tagline: "工厂总览",
    documentTitle: "SmartShop · 工厂总览",
  },
  locale: {
    label: "语言",
    "zh-CN": "中文",
    en: "EN",
  },
  hub: {
    label: "实时更新",
    connecting: "连接中",
    live: "实时",
    reconnecting: "重新连接中",
    offline: "离线",
    staleNotice: "实时更新已暂停：当前显示的是最后收到的状态，正在自动重新连接。",
  },
  state: {
    Running: "运行",
    Idle: "空闲",
    Setup: "换型调试",
    Down: "故障停机",
    PlannedDown: "计划停机",
    Disconnected: "未连接",
    Unknown: "未知",
  },
  source: {
    label: "来源",
    manual: "手动",
    plc: "PLC",
    none: "无",
  },
  duration: {
    d: "{n} 天",
    h: "{n} 小时",
    m: "{n} 分",
    s: "{n} 秒",
  },
  machine: {
    forDuration: "已持续 {duration}",
    since: "自 {time}",
    sinceTitle: "自 {time} 起处于此状态",
    reason: "原因",
    noStatus: "暂无状态",
    constraint: "瓶颈",
    constraintTitle: "本产线的约束（瓶颈）设备",
  },
  plant: {
    loading: "正在加载工厂…",
    machines: "{n} 台设备",
    lineMachines: "产线直属设备",
    timeZone: "工厂时间：{zone}",
    empty: "工厂模型中还没有厂区。",
    summary: "设备状态分布",
    total: "合计",
    source: "工厂模型 {file}",
  },
  error: {
    title: "无法加载工厂",
    statusTitle: "无法加载设备状态",
    unreachable: "无法连接到 SmartShop 服务器。",
    retry: "重试",
  },
};

export default zhCN;
