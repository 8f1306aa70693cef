// Where Redis and Elasticsearch are: from the environment only, never from the config file, so credentials
// stay out of version control and one config serves every machine.
export interface Connections {
  redisUrl: string;
  elasticsearch: { url: string; apiKey?: string; username?: string; password?: string; caCertPath?: string };
}

export function connectionsFromEnv(env: NodeJS.ProcessEnv = process.env): Connections {
  return {
    redisUrl: env.REDIS_URL || "redis://127.0.0.1:6379",
    elasticsearch: {
      url: env.ELASTICSEARCH_URL || "http://127.0.0.1:9200",
      ...(env.ELASTICSEARCH_API_KEY ? { apiKey: env.ELASTICSEARCH_API_KEY } : {}),
      ...(env.ELASTICSEARCH_USERNAME ? { username: env.ELASTICSEARCH_USERNAME } : {}),
      ...(env.ELASTICSEARCH_PASSWORD ? { password: env.ELASTICSEARCH_PASSWORD } : {}),
      ...(env.ELASTICSEARCH_CA_CERT ? { caCertPath: env.ELASTICSEARCH_CA_CERT } : {}),
    },
  };
}
